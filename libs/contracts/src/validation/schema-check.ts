import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalid, type ContractViolation, type Validation } from './validation-result';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

// Keyed by schema object: every schema handed in must be a long-lived constant, or each call
// compiles anew and the map keeps every copy (see commandDataSchemaOf).
const compiled = new Map<object, ValidateFunction>();
/** The compiled validator of a schema. */
export const validatorFor = (schema: object): ValidateFunction => {
  let fn = compiled.get(schema);
  if (!fn) compiled.set(schema, (fn = ajv.compile(schema)));
  return fn;
};

/** Ajv's errors as violations, with paths under `prefix`. */
export const violations = (
  errors: ErrorObject[] | null | undefined,
  prefix = '',
): ContractViolation[] =>
  (errors ?? []).map((e) => ({
    path: `${prefix}${e.instancePath}`,
    message:
      e.keyword === 'additionalProperties'
        ? `unknown property '${String(e.params['additionalProperty'])}'`
        : (e.message ?? 'invalid'),
  }));

/** Checks a value against a schema (a long-lived constant: validators are cached by it). */
export function check<T>(
  schema: object,
  value: unknown,
  message: string,
  prefix = '',
): Validation<T> {
  const fn = validatorFor(schema);
  return fn(value)
    ? { ok: true, value: value as T }
    : invalid('INVALID_DATA', message, violations(fn.errors, prefix));
}
