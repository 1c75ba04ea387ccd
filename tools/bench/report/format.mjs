// Number and column formatting for the bench's table.

/** 12,345 / 123 / 12.3 / 1.23 / 0.123, or '-' for a missing value. */
export function fmt(x, digits) {
  if (x === undefined || x === null || !Number.isFinite(x)) return '-';
  if (digits !== undefined) return x.toFixed(digits);
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en');
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** A ratio as "0.013x"; just under 1 keeps three decimals, so a miss never reads "1.0x". */
export function times(r) {
  if (r === undefined || !Number.isFinite(r)) return '-';
  return r >= 0.95 && r < 1 ? `${r.toFixed(3)}x` : `${fmt(r)}x`;
}

/** "min-max" of a list of runs' rates. */
export function range(values) {
  const xs = values.filter((x) => Number.isFinite(x));
  if (xs.length < 2) return '';
  return `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;
}

/** Pads cells to fixed widths: left-aligned text, right-aligned numbers where asked. */
export function line(cells, widths, right = []) {
  return cells
    .map((c, i) => {
      const s = String(c ?? '');
      const w = widths[i] ?? s.length;
      return right.includes(i) ? s.padStart(w) : s.padEnd(w);
    })
    .join('  ')
    .trimEnd();
}

/** The ladder's lowest rate: a search that held nothing held less than this. */
export const HELD_FLOOR = 25;

/** value / reference as a ratio; a rate of 0 (nothing held) reads "< floor / reference". */
export function ratioOf(value, reference) {
  if (value === undefined || !reference) return '-';
  return value === 0 ? `< ${times(HELD_FLOOR / reference)}` : times(value / reference);
}
