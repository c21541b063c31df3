import { chatTextReplacements } from './chat-commands.ts';

// Splitting chat text into words, and the exact inverse for the formatter. The rules:
// - words are separated by white space (any Unicode white space: Slack and phones insert NBSPs);
// - "…" or '…' quote a part of a word, so it may hold spaces; inside, a backslash escapes the
//   quote character or another backslash, and any other backslash is kept as typed;
// - a word is key=value when its first `=` comes before any quote, so `note="a=b"` is key note
//   and `"a=b"` is a plain word;
// - a word with any quoted part is never a keyword (help, mine, on, off): `"help"` is a name.

export interface ChatToken {
  /** The word with quotes and escapes resolved. */
  text: string;
  /** The word as typed, for messages. */
  typed: string;
  /** Some part of it was in quotes. */
  quoted: boolean;
  /** Present when the word is key=value. */
  option?: { key: string; value: string };
}

export type TokenizeResult = { ok: true; tokens: ChatToken[] } | { ok: false; message: string };

const whiteSpace = /\s/u;
const longestShownFragment = 40;

/** Replaces Slack's typographic quotes and dashes with the plain characters the grammar uses. */
export function normalizeChatText(text: string): string {
  let normalized = '';
  for (const character of text) normalized += chatTextReplacements[character] ?? character;
  return normalized;
}

/** Splits normalized chat text into words; fails only on a quote that is never closed. */
export function tokenizeChatText(text: string): TokenizeResult {
  const tokens: ChatToken[] = [];
  let index = 0;
  while (index < text.length) {
    if (whiteSpace.test(text[index]!)) {
      index += 1;
      continue;
    }
    const start = index;
    let value = '';
    let quoted = false;
    let equalsAt = -1;
    while (index < text.length && !whiteSpace.test(text[index]!)) {
      const character = text[index]!;
      if (character === '"' || character === "'") {
        quoted = true;
        index += 1;
        let closed = false;
        while (index < text.length) {
          const inner = text[index]!;
          const next = text[index + 1];
          if (inner === '\\' && (next === character || next === '\\')) {
            value += next;
            index += 2;
          } else if (inner === character) {
            closed = true;
            index += 1;
            break;
          } else {
            value += inner;
            index += 1;
          }
        }
        if (!closed) return { ok: false, message: describeUnclosedQuote(text.slice(start), character) };
      } else {
        if (character === '=' && equalsAt === -1 && !quoted) equalsAt = value.length;
        value += character;
        index += 1;
      }
    }
    const token: ChatToken = { text: value, typed: text.slice(start, index), quoted };
    if (equalsAt !== -1) token.option = { key: value.slice(0, equalsAt), value: value.slice(equalsAt + 1) };
    tokens.push(token);
  }
  return { ok: true, tokens };
}

export interface RenderChatWordOptions {
  /** A word that stands alone (not the value of key=value): `=` and keywords then need quotes. */
  standalone: boolean;
}

const chatKeywords = new Set(['help', 'mine', 'on', 'off']);

/** The word as it must be typed so that tokenizeChatText reads `value` back. */
export function renderChatWord(value: string, options: RenderChatWordOptions): string {
  const needsQuotes =
    value.length === 0 ||
    /[\s"']/u.test(value) ||
    (options.standalone && (value.includes('=') || chatKeywords.has(value.toLowerCase())));
  if (!needsQuotes) return value;
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** Whether a word is the given keyword: typed bare, in any case. */
export function isKeyword(token: ChatToken, keyword: string): boolean {
  return !token.quoted && token.option === undefined && token.text.toLowerCase() === keyword;
}

function describeUnclosedQuote(fragment: string, quote: string): string {
  const characters = Array.from(fragment);
  const shown = characters.length > longestShownFragment ? `${characters.slice(0, longestShownFragment).join('')}…` : fragment;
  return `This quote is never closed: ${shown} (put a closing ${quote} after the value)`;
}
