import {
  AMQP_HEADERS,
  CLOUDEVENTS_BATCH_CONTENT_TYPE,
  CLOUDEVENTS_CONTENT_TYPE,
  commandRoutingKey,
  DIRECT_REPLY_TO,
  envelopesOf,
  isReplyAddressOf,
  isBatchContentType,
  isCloudEventsContentType,
  hasBacklogLane,
  JOB_PRIORITIES,
  parseJson,
  priorityOf,
  tenantQueuePrefix,
  topologyNames,
  validateCommand,
  type JobCommand,
  type JobType,
  type Validation,
} from '@jobmill/contracts';
import { amqpUserOf, type InboundMessage } from '@jobmill/transport';
import { parseTenantUsers, TenantAuthorizer } from './tenant.authorizer';

/** The largest command body accepted unless configured otherwise (MAX_COMMAND_BYTES). */
export const DEFAULT_MAX_COMMAND_BYTES = 1024 * 1024;

/** What a consumer of commands checks before it believes one. */
export interface AdmissionPolicy {
  /** Default DEFAULT_MAX_COMMAND_BYTES. */
  readonly maxMessageBytes?: number;
  /** When set, a command's tenant must be allowed for the message's user_id. */
  readonly authorizer?: TenantAuthorizer;
  /** When set (TOPOLOGY_PREFIX), reply_to must be direct reply-to or a queue of the tenant's. */
  readonly topologyPrefix?: string;
}

/** A delivery that is not a command this platform will run, and why. */
export interface CommandRefusal {
  readonly ok: false;
  /** Stable code: MESSAGE_TOO_LARGE, UNSUPPORTED_CONTENT_TYPE, a contract code, or a tenant one. */
  readonly code: string;
  readonly reason: string;
  /** The parsed body, when it is JSON (to salvage the job id and tenant from). */
  readonly body?: unknown;
  /** False when the publisher may not act for the tenant: nothing is published in its name. */
  readonly authorized: boolean;
  /** True when reply_to itself is refused: nothing may be sent there. */
  readonly noReply?: boolean;
}

/** The outcome of admission: a valid, authorized command, or a refusal. */
export type CommandAdmission =
  | {
      readonly ok: true;
      readonly command: JobCommand;
      readonly jobType: JobType;
      readonly version: number;
    }
  | CommandRefusal;

/** The reason text of a failed validation: its message and the offending fields. */
export function describeInvalid(result: Validation<unknown>): string {
  if (result.ok) return '';
  const fields = result.violations.map((v) => `${v.path || '/'} ${v.message}`).join('; ');
  return fields ? `${result.message} (${fields})` : result.message;
}

const refuse = (
  code: string,
  reason: string,
  body?: unknown,
  authorized = true,
): CommandRefusal => ({
  ok: false,
  code,
  reason,
  authorized,
  ...(body === undefined ? {} : { body }),
});

/** A valid command that this worker has no handler for (its queue is bound to the type). */
export const noHandlerRefusal = (command: JobCommand, jobType: JobType): CommandRefusal =>
  refuse('UNKNOWN_TYPE', `This worker has no handler for ${jobType}.`, command);

/** The tenant a delivery claims: the body's, else the ce-tenant header. */
function claimedTenant(
  body: unknown,
  headers: Readonly<Record<string, unknown>>,
): string | undefined {
  const fromBody = (body as { tenant?: unknown } | null)?.tenant;
  if (typeof fromBody === 'string') return fromBody;
  const fromHeader = headers[AMQP_HEADERS.tenant];
  return typeof fromHeader === 'string' ? fromHeader : undefined;
}

/** The refusal of a body too large or of a content type we do not read, if any. */
function refuseFraming(
  message: InboundMessage,
  policy: AdmissionPolicy,
): CommandRefusal | undefined {
  const max = policy.maxMessageBytes ?? DEFAULT_MAX_COMMAND_BYTES;
  if (message.body.length > max)
    return refuse(
      'MESSAGE_TOO_LARGE',
      `The body has ${message.body.length} bytes; at most ${max} are accepted.`,
    );
  const contentType = message.properties.contentType;
  if (!isCloudEventsContentType(contentType))
    return refuse(
      'UNSUPPORTED_CONTENT_TYPE',
      `Content type '${contentType}' is not accepted: publish structured CloudEvents as ${CLOUDEVENTS_CONTENT_TYPE}, or many as ${CLOUDEVENTS_BATCH_CONTENT_TYPE}.`,
    );
  return undefined;
}

/** REPLY_TO_FORBIDDEN when reply_to is set and is no address the tenant may read. */
function refuseReplyTo(
  replyTo: string | undefined,
  tenant: string | undefined,
  prefix: string | undefined,
  value: unknown,
): CommandRefusal | undefined {
  if (prefix === undefined || replyTo === undefined || replyTo === '') return undefined;
  if (tenant !== undefined && isReplyAddressOf(replyTo, tenant, prefix)) return undefined;
  const own = tenantQueuePrefix(prefix, tenant ?? '<tenant>');
  const reason = `reply_to '${replyTo.slice(0, 200)}' is neither ${DIRECT_REPLY_TO} nor a queue named ${own}*.`;
  return { ...refuse('REPLY_TO_FORBIDDEN', reason, value), noReply: true };
}

/**
 * ROUTING_KEY_MISMATCH when a command came through the commands exchange under a key other than
 * its job type (and lane): the workers' bindings follow the key, so it could reach no worker, or
 * the wrong one; PRIORITY_MISMATCH when the key is the lane of another priority than its data's,
 * so it would wait in the wrong lane.
 */
function refuseRoutingKey(
  message: InboundMessage,
  command: JobCommand,
  jobType: JobType,
  prefix: string | undefined,
): CommandRefusal | undefined {
  if (prefix === undefined || message.exchange !== topologyNames(prefix).commands) return undefined;
  const priority = priorityOf(command.data);
  const expected = commandRoutingKey(jobType, priority);
  if (message.routingKey === expected) return undefined;
  // Its backlog lane is its priority's too: the API sends a tenant's jobs past its fair share there.
  if (hasBacklogLane(priority) && message.routingKey === commandRoutingKey(jobType, priority, true))
    return undefined;
  const key = message.routingKey.slice(0, 200);
  const laneKeys = JOB_PRIORITIES.flatMap((p) =>
    [false, true].map((b) => commandRoutingKey(jobType, p, b)),
  );
  if (laneKeys.includes(message.routingKey))
    return refuse(
      'PRIORITY_MISMATCH',
      `Routing key '${key}' is another lane than data.priority '${priority}': publish it with routing key '${expected}'.`,
      command,
    );
  const reason = `Routing key '${key}' is not the job type '${jobType}' (with its priority's lane): publish it with routing key '${expected}'.`;
  return refuse('ROUTING_KEY_MISMATCH', reason, command);
}

/** Checks one parsed envelope: the tenant its publisher may act for, reply_to, the contract. */
function admitEnvelope(
  value: unknown,
  tenant: string | undefined,
  message: InboundMessage,
  policy: AdmissionPolicy,
): CommandAdmission {
  const { userId, replyTo } = message.properties;
  const denied = policy.authorizer?.refusal(userId, tenant);
  if (denied) return refuse(denied.code, denied.reason, value, false);
  const badReply = refuseReplyTo(replyTo, tenant, policy.topologyPrefix, value);
  if (badReply) return badReply;
  const valid = validateCommand(value);
  if (!valid.ok) return refuse(valid.code, describeInvalid(valid), value);
  const { command, jobType } = valid.value;
  const misrouted = refuseRoutingKey(message, command, jobType, policy.topologyPrefix);
  return misrouted ?? { ok: true, ...valid.value };
}

/**
 * Checks a command delivery in order: size, content type, JSON, tenant authorization, then
 * the contract (envelope, known type and version, data schema). The first failure decides.
 */
export function admitCommand(
  message: InboundMessage,
  policy: AdmissionPolicy = {},
): CommandAdmission {
  const framing = refuseFraming(message, policy);
  if (framing) return framing;
  if (isBatchContentType(message.properties.contentType))
    return refuse(
      'INVALID_ENVELOPE',
      `A ${CLOUDEVENTS_BATCH_CONTENT_TYPE} message holds many commands: admit it with admitCommands.`,
    );
  const json = parseJson(message.body);
  if (!json.ok) return refuse(json.code, json.message);
  const tenant = claimedTenant(json.value, message.properties.headers);
  return admitEnvelope(json.value, tenant, message, policy);
}

/** A delivery's commands, each admitted on its own; or why the delivery as a whole is refused. */
export type CommandsAdmission =
  | { readonly ok: true; readonly batch: boolean; readonly members: readonly CommandAdmission[] }
  | CommandRefusal;

/**
 * Admits every command of a delivery: a structured CloudEvent is a batch of one; a CloudEvents
 * batch is checked as a whole (size, content type, JSON, an array), then member by member with
 * the member's own tenant, so one bad member is refused alone.
 */
export function admitCommands(
  message: InboundMessage,
  policy: AdmissionPolicy = {},
): CommandsAdmission {
  if (!isBatchContentType(message.properties.contentType))
    return { ok: true, batch: false, members: [admitCommand(message, policy)] };
  const framing = refuseFraming(message, policy);
  if (framing) return framing;
  const json = parseJson(message.body);
  if (!json.ok) return refuse(json.code, json.message);
  const envelopes = envelopesOf(json.value, true);
  if (!envelopes.ok) return refuse(envelopes.code, envelopes.message);
  return {
    ok: true,
    batch: true,
    members: envelopes.value.map((value) =>
      admitEnvelope(value, claimedTenant(value, {}), message, policy),
    ),
  };
}

/** The settings of an admission policy, as read from a service's environment. */
export interface AdmissionSettings {
  /** AMQP_URL: its user is trusted (the platform's own publishes). */
  readonly amqpUrl: string;
  /** AMQP_TRUSTED_USERS: more platform users (e.g. the API's and workers' when they differ). */
  readonly trustedUsers: readonly string[];
  /** AMQP_TENANT_USERS: `tenant:user` pairs. */
  readonly tenantUsers: readonly string[];
  /** MAX_COMMAND_BYTES. */
  readonly maxCommandBytes: number;
  /** TOPOLOGY_PREFIX: under it, the queues a tenant owns (allowed as reply_to). */
  readonly topologyPrefix: string;
}

/** The policy of a platform service: its own user and the trusted ones act for any tenant. */
export function admissionPolicyOf(settings: AdmissionSettings): AdmissionPolicy {
  return {
    maxMessageBytes: settings.maxCommandBytes,
    topologyPrefix: settings.topologyPrefix,
    authorizer: new TenantAuthorizer({
      trustedUsers: [amqpUserOf(settings.amqpUrl), ...settings.trustedUsers],
      tenantUsers: parseTenantUsers(settings.tenantUsers),
    }),
  };
}
