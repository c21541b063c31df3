// printf-style formatting as Python's `%` operator does it. Ultralytics builds its console lines
// and results.csv rows with `%11s`, `%11.4g`, `%.6g`, and readers of those files (our own
// parser included) should meet exactly the same text as a real run produces.

/**
 * Python's `'%.{precision}g' % value`: significant digits, trailing zeros dropped, exponent form
 * when the exponent is below -4 or at least the precision.
 */
export function formatG(value: number, precision: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const digits = precision === 0 ? 1 : precision;
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential(digits - 1).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= digits) {
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${stripTrailingZeros(mantissa)}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  return stripTrailingZeros(value.toFixed(digits - 1 - exponent));
}

function stripTrailingZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Python's `'%{width}s' % text`: right-aligned, never truncated. */
export function padLeft(text: string, width: number): string {
  return text.padStart(width, ' ');
}

/** Python's `'%{width}.{precision}g' % value`. */
export function formatWidthG(value: number, width: number, precision: number): string {
  return padLeft(formatG(value, precision), width);
}

/** Python's `'%{width}i' % value`: truncated towards zero. */
export function formatWidthI(value: number, width: number): string {
  return padLeft(String(Math.trunc(value)), width);
}

/** Python's `f"{value:.{decimals}f}"` (also what `round(x, n)` prints for ordinary values). */
export function formatFixed(value: number, decimals: number): string {
  if (Number.isNaN(value)) return 'nan';
  return value.toFixed(decimals);
}

/** Python's `round(value, ndigits)` for the magnitudes metrics have. */
export function roundTo(value: number, ndigits: number): number {
  if (!Number.isFinite(value)) return value;
  return Number(value.toFixed(ndigits));
}

/** Thousands separators as Python's `f"{n:,}"`. */
export function formatThousands(value: number): string {
  return Math.trunc(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
