// Small helpers for writing user-facing messages about what somebody typed.

const longestShownValue = 40;

/** A value as a message shows it: text in double quotes (cut short, escapes visible), numbers and booleans bare. */
export function describeGivenValue(value: unknown): string {
  if (typeof value === 'string') return quoteForMessage(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Text in double quotes, cut to a readable length, with control characters shown as escapes. */
export function quoteForMessage(text: string): string {
  const characters = Array.from(text);
  const shown = characters.length > longestShownValue ? `${characters.slice(0, longestShownValue).join('')}…` : text;
  return JSON.stringify(shown);
}

// C0 and C1 control characters except tab, line feed and carriage return, which chat text may
// carry as ordinary white space. PostgreSQL refuses U+0000 in text and jsonb outright.
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** The first control character in `text` as `U+XXXX`, or undefined when there is none. */
export function findControlCharacter(text: string): string | undefined {
  const match = controlCharacter.exec(text);
  if (match === null) return undefined;
  return `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Joins words as `a, b, c`. */
export function listWords(words: readonly string[]): string {
  return words.join(', ');
}
