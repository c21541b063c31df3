import type { z } from 'zod';
import { didYouMean } from './did-you-mean.ts';
import { describeValue } from './describe-value.ts';

// Turns zod's issues into sentences for the person editing the YAML file: "expected a number,
// got "lots"", "unknown key "revison" (did you mean "revision"?)". Custom messages written in the
// schema win over these (zod applies a schema's own message first).

const expectedNames: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

type RawIssue = z.core.$ZodRawIssue;

/** Wording for zod's built-in issues; pass as `{ error }` to safeParse. */
export function describeZodIssue(issue: RawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      const expected = expectedNames[issue.expected] ?? issue.expected;
      // YAML reads `revision: 2024` or `gpu: true` as a number or a boolean.
      const hint = issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean') ? ' (put it in quotes)' : '';
      return `expected ${expected}, got ${describeValue(input)}${hint}`;
    }
    case 'too_small':
      return describeBound('at least', 'more than', issue.origin, issue.minimum, issue.inclusive, input);
    case 'too_big':
      return describeBound('at most', 'less than', issue.origin, issue.maximum, issue.inclusive, input);
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}, got ${describeValue(input)}`;
    case 'invalid_value': {
      if (input === undefined) return 'is required';
      const values = issue.values.map(String);
      const suggestion = typeof input === 'string' ? didYouMean(input, values) : '';
      return `must be one of ${values.join(', ')}, got ${describeValue(input)}${suggestion}`;
    }
    case 'invalid_union': {
      const { options, discriminator } = issue as { options?: unknown; discriminator?: unknown };
      if (Array.isArray(options) && typeof discriminator === 'string') {
        // A discriminated union reports the whole object; the reader needs the tag's value.
        const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : undefined;
        if (value === undefined) return 'is required';
        const names = options.map(String);
        const suggestion = typeof value === 'string' ? didYouMean(value, names) : '';
        return `must be one of ${names.join(', ')}, got ${describeValue(value)}${suggestion}`;
      }
      if (input === undefined) return 'is required';
      return `has the wrong form: got ${describeValue(input)}`;
    }
    case 'invalid_key':
      return issue.issues.map((inner) => inner.message).join('; ') || `the key ${describeValue(input)} is not allowed`;
    case 'invalid_format':
      return `has the wrong format: got ${describeValue(input)}`;
    default:
      return undefined;
  }
}

function describeBound(inclusiveWord: string, exclusiveWord: string, origin: string, bound: number | bigint, inclusive: boolean | undefined, input: unknown): string {
  const word = inclusive === false ? exclusiveWord : inclusiveWord;
  if (origin === 'string') {
    if (word === 'at least' && Number(bound) === 1) return 'must not be empty';
    return `must be ${word} ${bound} characters long`;
  }
  if (origin === 'array' || origin === 'set') {
    if (word === 'at least' && Number(bound) === 1) return 'must list at least one entry';
    return `must list ${word} ${bound} entries, got ${Array.isArray(input) ? input.length : 0}`;
  }
  return `must be ${word} ${bound}, got ${describeValue(input)}`;
}

export interface FieldIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * One entry per problem, with unknown keys split out so each names its own path and a
 * suggestion from the keys the schema allows at that place.
 */
export function toFieldIssues(error: z.ZodError, schema: z.ZodType, input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path, input);
      for (const key of issue.keys) {
        const suggestion = allowed === undefined ? '' : didYouMean(key, allowed);
        const list = allowed === undefined || suggestion !== '' ? '' : `; allowed here: ${allowed.join(', ')}`;
        issues.push({ path: [...issue.path, key], message: `unknown key${suggestion}${list}` });
      }
    } else {
      issues.push({ path: [...issue.path], message: issue.message });
    }
  }
  return issues;
}

// Zod keeps a schema's structure in `_zod.def`; walking it finds the object that owns a path,
// so the suggestion for "source.revison" comes from the keys of `source`.
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function unwrap(schema: z.ZodType, input: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current !== undefined && depth < 20; depth++) {
    const def = defOf(current);
    if (def.type === 'object') return current;
    if (def.innerType !== undefined) current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else if (def.type === 'union' && def.options !== undefined && def.discriminator !== undefined) {
      const discriminator = def.discriminator;
      const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : undefined;
      current = def.options.find((option) => {
        const literal = defOf(option).shape?.[discriminator];
        return literal !== undefined && (defOf(literal) as { values?: unknown[] }).values?.includes(value);
      });
    } else return current;
  }
  return current;
}

function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  let value = input;
  for (const segment of path) {
    current = current === undefined ? undefined : unwrap(current, value);
    if (current === undefined) return undefined;
    const def = defOf(current);
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else return undefined;
  }
  const target = current === undefined ? undefined : unwrap(current, value);
  const shape = target === undefined ? undefined : defOf(target).shape;
  return shape === undefined ? undefined : Object.keys(shape);
}
