// Ultralytics is Python: `epochs=5` is an int, `epochs=5.0` a float, and the difference shows
// in its type checks (`is of invalid type float`) and in args.yaml (`fraction: 1.0`). JavaScript
// numbers cannot tell 5 from 5.0, so Python floats and tuples carry a tag here.

export interface PyFloat {
  readonly py: 'float';
  readonly value: number;
}

export interface PyTuple {
  readonly py: 'tuple';
  readonly items: readonly PyValue[];
}

/** A Python value as the Ultralytics CLI sees it: a plain JS number is a Python int. */
export type PyValue = null | boolean | number | string | PyFloat | PyTuple | readonly PyValue[];

export function pyFloat(value: number): PyFloat {
  return { py: 'float', value };
}

export function pyTuple(items: readonly PyValue[]): PyTuple {
  return { py: 'tuple', items };
}

export function isPyFloat(value: PyValue | undefined): value is PyFloat {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as PyFloat).py === 'float';
}

export function isPyTuple(value: PyValue | undefined): value is PyTuple {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as PyTuple).py === 'tuple';
}

export function isPyList(value: PyValue | undefined): value is readonly PyValue[] {
  return Array.isArray(value);
}

/** `type(v).__name__` in Python. */
export function pyTypeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'int';
  if (typeof value === 'string') return 'str';
  if (isPyFloat(value)) return 'float';
  if (isPyTuple(value)) return 'tuple';
  return 'list';
}

/** The number an int or float holds (Python's bool is an int too), else undefined. */
export function pyNumber(value: PyValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isPyFloat(value)) return value.value;
  return undefined;
}

/** `isinstance(v, (int, float))`: bool counts, as it does in Python. */
export function isPyIntOrFloat(value: PyValue): boolean {
  return typeof value === 'number' || typeof value === 'boolean' || isPyFloat(value);
}

/** `isinstance(v, int)`: bool counts, as it does in Python. */
export function isPyInt(value: PyValue): boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

/** `repr(float)`: the shortest digits that round-trip, in fixed notation for 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const magnitude = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${head}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}

/** `repr(str)`: single quotes unless the text holds a single quote and no double quote. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const char of text) {
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) out += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${quote}${out}${quote}`;
}

/** `repr(v)`. */
export function pyRepr(value: PyValue): string {
  if (typeof value === 'string') return pyStrRepr(value);
  return pyStr(value);
}

/** `str(v)`, which is what an f-string prints. */
export function pyStr(value: PyValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (isPyFloat(value)) return pyFloatRepr(value.value);
  if (isPyTuple(value)) {
    const items = value.items.map(pyRepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  return `[${(value as readonly PyValue[]).map(pyRepr).join(', ')}]`;
}

/** Python's repr of a list of strings, as Ultralytics prints `Similar arguments are i.e. [...]`. */
export function pyListRepr(items: readonly PyValue[]): string {
  return pyStr(items);
}

/**
 * Converts a value parsed by the `yaml` package with `intAsBigInt: true` to a PyValue: YAML ints
 * arrive as bigint and stay ints, YAML floats (`1.0`) arrive as numbers and stay floats.
 */
export function fromYamlValue(value: unknown): PyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return pyFloat(value);
  if (Array.isArray(value)) return value.map((item) => fromYamlValue(item));
  return String(value);
}
