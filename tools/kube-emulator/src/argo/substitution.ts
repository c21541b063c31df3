// `{{…}}` substitution as Argo's fasttemplate does it: a tag whose name is known is replaced by its
// value, an unknown tag is left as it is so an outer pass (a step's `{{item}}`, a later task's
// outputs) can still fill it. Callers that must be complete ask for what is left.

export type Params = ReadonlyMap<string, string>;

const tagPattern = /\{\{\s*([^{}]+?)\s*\}\}/g;

export function substituteText(text: string, params: Params): string {
  return text.replace(tagPattern, (whole, name: string) => params.get(name) ?? whole);
}

export function listTags(text: string): string[] {
  return [...text.matchAll(tagPattern)].map((match) => match[1] ?? '');
}

/** A copy of `value` with every string substituted (object keys are left alone). */
export function substituteDeep<T>(value: T, params: Params): T {
  if (typeof value === 'string') return substituteText(value, params) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => substituteDeep(item, params)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) copy[key] = substituteDeep(item, params);
    return copy as T;
  }
  return value;
}

/** Tags still present anywhere in `value` whose name starts with one of `prefixes`. */
export function listUnresolvedTags(value: unknown, prefixes: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const tag of listTags(item)) {
        if (prefixes.some((prefix) => tag === prefix || tag.startsWith(`${prefix}.`) || (prefix.endsWith('.') && tag.startsWith(prefix)))) {
          found.add(`{{${tag}}}`);
        }
      }
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (item !== null && typeof item === 'object') Object.values(item).forEach(visit);
  };
  visit(value);
  return [...found];
}

/** Parameter values in Argo are strings; YAML may have given numbers or booleans. */
export function toParameterString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
