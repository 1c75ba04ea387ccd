import { ConfigError } from '../config/config.error';

/**
 * Parses the specification's `key1=value1,key2=value2` lists (OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_RESOURCE_ATTRIBUTES), values percent-decoded. A malformed entry is a ConfigError naming
 * the variable; the value is not echoed, as headers often hold credentials.
 */
export function parseKeyValues(name: string, raw: string | undefined): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const entry of (raw ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const at = entry.indexOf('=');
    const key = entry.slice(0, Math.max(at, 0)).trim();
    let value: string | undefined;
    try {
      value = at > 0 ? decodeURIComponent(entry.slice(at + 1).trim()) : undefined;
    } catch {
      value = undefined;
    }
    if (key === '' || value === undefined)
      throw new ConfigError(`${name} must be a list of key=value pairs separated by commas`, name);
    pairs[key] = value;
  }
  return pairs;
}
