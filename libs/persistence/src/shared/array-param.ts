/**
 * An array parameter as PostgreSQL's array text, for arrays of strings, finite numbers and
 * nulls: what pg would send, built in one join. pg builds it element by element, with two
 * regular-expression replaces and a string concatenation each; for the batch statements'
 * columns of hundreds of ids and times that was two fifths of the status service's allocations
 * and a sixth of a worker's. Anything else (dates, buffers, nested arrays, booleans) is
 * returned as it is, for pg's own conversion.
 */
export function arrayParam(values: readonly unknown[]): string | readonly unknown[] {
  let plain = true;
  for (const value of values) {
    if (typeof value === 'string') {
      if (plain && (value.includes('"') || value.includes('\\'))) plain = false;
    } else if (value == null) {
      plain = false;
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      return values;
    }
  }
  if (values.length === 0) return '{}';
  if (plain) return `{"${values.join('","')}"}`;
  return `{${(values as readonly Element[]).map(element).join(',')}}`;
}

/** What the scan above lets through to the element-by-element text. */
type Element = string | number | null | undefined;

/** One element of an array's text: NULL, or quoted with `\` and `"` escaped. */
function element(value: Element): string {
  if (value == null) return 'NULL';
  const text = String(value);
  if (!text.includes('"') && !text.includes('\\')) return `"${text}"`;
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** The statement's parameters with every array turned into its text where arrayParam can. */
export function sqlParams(params: readonly unknown[]): unknown[] {
  return params.map((param) => (Array.isArray(param) ? arrayParam(param) : param));
}
