import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '@jobmill/persistence';
import { ProblemError } from './problem.error';
import { databaseUnavailableProblem } from './unavailable.problem';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  503: 'Service unavailable',
};

const codeOf = (status: number): string =>
  (TITLES[status] ?? 'Error').toUpperCase().replace(/[^A-Z]+/g, '_');

/** Renders every error as application/problem+json; 5xx details stay in the log. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    // Health probes keep terminus' own body: orchestrators and operators read its details.
    if (error instanceof HttpException && req.path.startsWith('/health/')) {
      res.status(error.getStatus()).json(error.getResponse());
      return;
    }
    const problem = this.toProblem(error);
    // The headers tell which client and trace failed; the logger censors the credentials in
    // them (authorization, x-api-key, cookie) and in the URL's query (api_key=...).
    if (problem.status === 503)
      // An outage of the broker or database: one line a request, not a stack trace each.
      this.logger.warn(`${req.method} ${req.originalUrl}: ${problem.code}: ${causeOf(error)}`, {
        headers: req.headers,
      });
    else if (problem.status >= 500)
      this.logger.error(
        `${req.method} ${req.originalUrl}: ${(error as Error).stack ?? String(error)}`,
        { headers: req.headers },
      );
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res
      .status(problem.status)
      .type('application/problem+json')
      .send({
        type: `https://jobmill.dev/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        instance: req.originalUrl,
        code: problem.code,
        ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
      });
  }

  private toProblem(error: unknown): ProblemError {
    if (error instanceof ProblemError) return error;
    if (isDatabaseUnavailable(error)) return databaseUnavailableProblem();
    // Nest wraps body-parser's errors in an HttpException; the original carries the limit.
    const cause = error instanceof HttpException ? error.cause : error;
    if (bodyParserStatus(cause) === 413) return bodyTooLarge(cause);
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const detail = Array.isArray(message)
        ? message.join('; ')
        : typeof message === 'string'
          ? message
          : error.message;
      return new ProblemError(status, codeOf(status), TITLES[status] ?? 'Error', detail);
    }
    const status = bodyParserStatus(error);
    if (status)
      return new ProblemError(
        status,
        codeOf(status),
        TITLES[status] ?? 'Error',
        (error as Error).message,
      );
    return new ProblemError(
      500,
      'INTERNAL',
      'Internal error',
      'The request could not be completed; it has been logged.',
    );
  }
}

/** What an outage's error says, with what caused it when it wraps another. */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? `${message} (${cause.message})` : message;
}

/** Express body-parser errors carry their own 4xx status (bad JSON, too large). */
function bodyParserStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** body-parser's 413 (a JSON or form body), naming the limit and the variable that sets it. */
function bodyTooLarge(error: unknown): ProblemError {
  const { limit } = error as { limit?: unknown };
  const bytes = typeof limit === 'number' ? `${limit} bytes` : 'the configured size';
  return new ProblemError(
    413,
    'PAYLOAD_TOO_LARGE',
    'Payload too large',
    `JSON and form bodies are limited to ${bytes} (MAX_JSON_BYTES); uploads to MAX_UPLOAD_BYTES.`,
    [],
    { Connection: 'close' },
  );
}
