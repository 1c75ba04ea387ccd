/** One reason a message or body does not match its contract. */
export interface ContractViolation {
  /** JSON pointer of the offending field ('' for the whole document). */
  readonly path: string;
  readonly message: string;
}

/** Stable codes for contract failures, shared by HTTP problems and dead-letter headers. */
export type ContractErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_ENVELOPE'
  | 'UNKNOWN_TYPE'
  | 'UNSUPPORTED_VERSION'
  | 'INVALID_DATA'
  /** A pipeline step whose type cannot follow the step before it (nothing feeds it). */
  | 'PIPELINE_STEP_INCOMPATIBLE';

/** Outcome of a validation: the typed value, or why it was refused. */
export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly code: ContractErrorCode;
      readonly message: string;
      readonly violations: readonly ContractViolation[];
    };

export const invalid = (
  code: ContractErrorCode,
  message: string,
  violations: readonly ContractViolation[] = [],
): Validation<never> => ({ ok: false, code, message, violations });
