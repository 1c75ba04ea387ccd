/** A configuration value is missing or invalid; the message names the variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  override readonly name = 'ConfigError';

  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
  }
}
