import { InputError } from './errors.ts';
import { describeGivenValue, findControlCharacter, listWords, quoteForMessage } from './message-text.ts';
import type { ParameterSpec, ParameterSpecs, ParameterValue } from './parameters.ts';
import { suggestClosest } from './suggest-closest.ts';

// The one check of run parameters, used by the bot for a fast answer and by the api as the
// authority. Chat gives every value as text; api clients may send numbers and booleans. Either
// way the result holds typed values, and every parameter the project gives a default, so a stored
// run says exactly what it ran with.

/** One thing wrong with one parameter; `problem` is a whole line that makes sense on its own. */
export interface ParameterProblem {
  parameter: string;
  problem: string;
}

/** The `details` of the InputError that validateRunParameters throws. */
export interface ParameterProblemsDetails {
  problems: ParameterProblem[];
}

/**
 * Checks and coerces `given` against the project's `specs` and fills in defaults.
 *
 * Throws one InputError listing every problem, one line each, with `details` of type
 * ParameterProblemsDetails. The result lists parameters in the order of `specs`; a parameter that
 * is neither given nor defaulted is absent.
 */
export function validateRunParameters(
  specs: ParameterSpecs,
  given: Record<string, ParameterValue>,
): Record<string, ParameterValue> {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    const problem = 'parameters must be given as name=value pairs';
    throw new InputError(problem, { details: { problems: [{ parameter: '', problem }] } });
  }

  const allowedKeys = Object.keys(specs);
  const problems: ParameterProblem[] = [];
  const accepted = new Map<string, ParameterValue>();

  for (const [key, value] of Object.entries(given)) {
    // hasOwn, not `in` or `specs[key]`: a key such as "constructor" must not find Object's.
    if (!Object.hasOwn(specs, key)) {
      problems.push({ parameter: key, problem: describeUnknownParameter(key, allowedKeys) });
      continue;
    }
    const checked = checkParameterValue(key, specs[key]!, value);
    if ('value' in checked) accepted.set(key, checked.value);
    else problems.push(...checked.problems.map((problem) => ({ parameter: key, problem })));
  }

  if (problems.length > 0) {
    const details: ParameterProblemsDetails = { problems };
    throw new InputError(problems.map((entry) => entry.problem).join('\n'), { details });
  }

  const result: Record<string, ParameterValue> = {};
  for (const key of allowedKeys) {
    const value = accepted.has(key) ? accepted.get(key) : specs[key]!.default;
    if (value !== undefined) setOwnEntry(result, key, value);
  }
  return result;
}

/** Whether a string spec's `pattern` compiles the way validateRunParameters uses it. */
export function isValidParameterPattern(pattern: string): boolean {
  return compilePattern(pattern) !== undefined;
}

type CheckedValue = { value: ParameterValue } | { problems: string[] };

function checkParameterValue(key: string, spec: ParameterSpec, value: unknown): CheckedValue {
  switch (spec.type) {
    case 'int':
      return checkInteger(key, spec, value);
    case 'float':
      return checkFloat(key, spec, value);
    case 'bool':
      return checkBoolean(key, value);
    case 'enum':
      return checkEnum(key, spec.values, value);
    case 'string':
      return checkString(key, spec, value);
    default:
      // Specs normally come through ParameterSpecSchema; one that did not must still be refused
      // as input rather than crash the caller.
      return { problems: [`${key} cannot be checked: the project's definition of it is not valid`] };
  }
}

// Whole numbers are digits with an optional sign: "5.5" and "1e3" are refused rather than
// rounded or expanded, so that what is stored is exactly what was typed.
const integerSyntax = /^[+-]?\d+$/;

function checkInteger(
  key: string,
  spec: { min?: number | undefined; max?: number | undefined; multipleOf?: number | undefined },
  value: unknown,
): CheckedValue {
  let number: number;
  if (typeof value === 'number' && Number.isInteger(value)) number = value;
  else if (typeof value === 'string' && integerSyntax.test(value.trim())) number = Number(value.trim());
  else return { problems: [`${key} must be a whole number (got ${describeGivenValue(value)})`] };

  if (!Number.isSafeInteger(number)) return { problems: [`${key} is out of range (got ${describeGivenValue(value)})`] };
  number = normalizeZero(number);

  const problems: string[] = [];
  const range = describeRangeProblem(key, number, spec.min, spec.max);
  if (range !== undefined) problems.push(range);
  if (spec.multipleOf !== undefined && number % spec.multipleOf !== 0) {
    problems.push(`${key} must be a multiple of ${spec.multipleOf} (got ${number})`);
  }
  return problems.length > 0 ? { problems } : { value: number };
}

// Decimal notation with an optional exponent: learning rates are commonly written 1e-3.
const floatSyntax = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function checkFloat(
  key: string,
  spec: { min?: number | undefined; max?: number | undefined },
  value: unknown,
): CheckedValue {
  let number: number;
  if (typeof value === 'number' && !Number.isNaN(value)) number = value;
  else if (typeof value === 'string' && floatSyntax.test(value.trim())) number = Number(value.trim());
  else return { problems: [`${key} must be a number (got ${describeGivenValue(value)})`] };

  if (!Number.isFinite(number)) return { problems: [`${key} is out of range (got ${describeGivenValue(value)})`] };
  number = normalizeZero(number);

  const range = describeRangeProblem(key, number, spec.min, spec.max);
  return range === undefined ? { value: number } : { problems: [range] };
}

const trueWords = new Set(['true', 'yes', '1']);
const falseWords = new Set(['false', 'no', '0']);

function checkBoolean(key: string, value: unknown): CheckedValue {
  if (typeof value === 'boolean') return { value };
  if (value === 1 || value === 0) return { value: value === 1 };
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (trueWords.has(word)) return { value: true };
    if (falseWords.has(word)) return { value: false };
  }
  return { problems: [`${key} must be true or false (got ${describeGivenValue(value)})`] };
}

function checkEnum(key: string, values: readonly string[], value: unknown): CheckedValue {
  // An api client may send 640 for an enum of "320" | "640": the text is what counts.
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  if (text !== undefined) {
    if (values.includes(text)) return { value: text };
    // Chat users type `optimizer=adamw` for AdamW; accept it when only one value fits.
    const sameButCase = values.filter((candidate) => candidate.toLowerCase() === text.toLowerCase());
    if (sameButCase.length === 1) return { value: sameButCase[0]! };
  }
  const suggestion = text === undefined ? undefined : suggestClosest(text, values);
  const didYouMean = suggestion === undefined ? '' : `: did you mean ${JSON.stringify(suggestion)}?`;
  return { problems: [`${key} must be one of ${listWords(values)} (got ${describeGivenValue(value)})${didYouMean}`] };
}

function checkString(key: string, spec: { maxLength: number; pattern?: string | undefined }, value: unknown): CheckedValue {
  if (typeof value !== 'string') return { problems: [`${key} must be text (got ${describeGivenValue(value)})`] };

  const problems: string[] = [];
  // Values end up in PostgreSQL jsonb and in container arguments: neither takes broken UTF-16
  // or NUL, so refuse them here with a message instead of failing later with a 500.
  if (!value.isWellFormed()) problems.push(`${key} contains a broken character (an unpaired surrogate)`);
  const control = findControlCharacter(value);
  if (control !== undefined) problems.push(`${key} must not contain control characters (found ${control})`);

  const length = Array.from(value).length;
  if (length > spec.maxLength) {
    problems.push(`${key} must be at most ${spec.maxLength} characters long (got ${length})`);
  } else if (spec.pattern !== undefined) {
    // Only short enough values meet the pattern, which bounds the cost of a badly written one.
    const pattern = compilePattern(spec.pattern);
    if (pattern === undefined) {
      problems.push(`${key} cannot be checked: the project's pattern for it is not a valid regular expression`);
    } else if (!pattern.test(value)) {
      problems.push(`${key} must match the pattern ${spec.pattern} (got ${quoteForMessage(value)})`);
    }
  }
  return problems.length > 0 ? { problems } : { value };
}

// Patterns must match the whole value: an unanchored `[a-z]+` would let anything through that
// merely contains a letter.
function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

function describeRangeProblem(key: string, number: number, min: number | undefined, max: number | undefined): string | undefined {
  const below = min !== undefined && number < min;
  const above = max !== undefined && number > max;
  if (!below && !above) return undefined;
  if (min !== undefined && max !== undefined) return `${key} must be between ${min} and ${max} (got ${number})`;
  return below ? `${key} must be at least ${min} (got ${number})` : `${key} must be at most ${max} (got ${number})`;
}

function describeUnknownParameter(key: string, allowedKeys: readonly string[]): string {
  if (allowedKeys.length === 0) return `unknown parameter ${quoteForMessage(key)}: this project takes no parameters`;
  const suggestion = suggestClosest(key, allowedKeys);
  const didYouMean = suggestion === undefined ? '.' : `: did you mean ${JSON.stringify(suggestion)}?`;
  return `unknown parameter ${quoteForMessage(key)}${didYouMean} Allowed: ${listWords(allowedKeys)}`;
}

// -0 prints as 0 but is not equal to it under Object.is; store the plain zero.
function normalizeZero(number: number): number {
  return number === 0 ? 0 : number;
}

// Plain assignment of "__proto__" would change the object's prototype instead of adding a key.
function setOwnEntry(target: Record<string, ParameterValue>, key: string, value: ParameterValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
