import { pyFloat, pyTuple } from './python-value.ts';
import type { PyValue } from './python-value.ts';

// Ultralytics turns each `key=value` of the command line into a Python value with
// `ast.literal_eval` (after checking for none/true/false in any case); what does not parse stays
// a string. This is the part of literal_eval that command lines use: numbers, quoted strings,
// lists and tuples, True/False/None. Anything else (dicts, sets, complex numbers) stays text.

class LiteralSyntaxError extends Error {}

/** `ast.literal_eval(text)` for the literals above; throws when Python would raise. */
export function parsePythonLiteral(text: string): PyValue {
  const parser = new LiteralParser(text.replace(/^[ \t]+/, ''));
  const value = parser.parseTopLevel();
  return value;
}

/** Ultralytics' `smart_value`: none/true/false in any case, else a literal, else the text itself. */
export function smartValue(text: string): PyValue {
  const lower = text.toLowerCase();
  if (lower === 'none') return null;
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  try {
    return parsePythonLiteral(text);
  } catch (error) {
    if (error instanceof LiteralSyntaxError) return text;
    throw error;
  }
}

const intPattern = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?\d)*|0+(?:_?0)*)/;
const floatPattern =
  /^(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*[eE][+-]?\d(?:_?\d)*)/;

class LiteralParser {
  private position = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  parseTopLevel(): PyValue {
    const value = this.parseSequence(undefined);
    this.skipSpace();
    if (this.position !== this.text.length) throw new LiteralSyntaxError('unexpected text');
    return value;
  }

  // Items separated by commas; a comma anywhere (outside brackets) makes a tuple.
  private parseSequence(closing: string | undefined): PyValue {
    const items: PyValue[] = [];
    let sawComma = false;
    for (;;) {
      this.skipSpace();
      if (this.atEnd() || (closing !== undefined && this.peek() === closing)) break;
      items.push(this.parseValue());
      this.skipSpace();
      if (this.peek() === ',') {
        this.position += 1;
        sawComma = true;
        continue;
      }
      break;
    }
    if (closing === undefined && items.length === 0) throw new LiteralSyntaxError('empty');
    if (!sawComma && items.length === 1 && closing !== ']') return items[0] as PyValue;
    return closing === ']' ? items : pyTuple(items);
  }

  private parseValue(): PyValue {
    this.skipSpace();
    const char = this.peek();
    if (char === '[') {
      this.position += 1;
      const list = this.parseSequence(']');
      this.expect(']');
      return list;
    }
    if (char === '(') {
      this.position += 1;
      this.skipSpace();
      if (this.peek() === ')') {
        this.position += 1;
        return pyTuple([]);
      }
      const inner = this.parseSequence(')');
      this.expect(')');
      return inner;
    }
    if (char === '"' || char === "'") return this.parseString(char);
    if (char === '-' || char === '+') {
      this.position += 1;
      const operand = this.parseValue();
      if (typeof operand === 'number') return char === '-' ? -operand : operand;
      if (typeof operand === 'object' && operand !== null && !Array.isArray(operand) && 'py' in operand && operand.py === 'float') {
        return pyFloat(char === '-' ? -operand.value : operand.value);
      }
      throw new LiteralSyntaxError('bad operand');
    }
    const rest = this.text.slice(this.position);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
    if (word !== undefined) {
      this.position += word.length;
      if (word === 'True') return true;
      if (word === 'False') return false;
      if (word === 'None') return null;
      throw new LiteralSyntaxError(`malformed node: ${word}`);
    }
    const float = floatPattern.exec(rest)?.[0];
    const int = intPattern.exec(rest)?.[0];
    if (float !== undefined && (int === undefined || float.length > int.length)) {
      this.position += float.length;
      this.assertNumberEnds();
      return pyFloat(Number(float.replaceAll('_', '')));
    }
    if (int !== undefined) {
      this.position += int.length;
      this.assertNumberEnds();
      const digits = int.replaceAll('_', '');
      const prefix = digits.slice(0, 2).toLowerCase();
      if (prefix === '0x' || prefix === '0o' || prefix === '0b') return Number(`0${prefix[1]}${digits.slice(2)}`);
      return Number(digits);
    }
    throw new LiteralSyntaxError('invalid syntax');
  }

  // Python refuses `1abc` or `01`: a number must not run straight into a name or more digits.
  private assertNumberEnds(): void {
    if (/^[A-Za-z0-9_.]/.test(this.text.slice(this.position))) throw new LiteralSyntaxError('invalid decimal literal');
  }

  private parseString(quote: string): string {
    this.position += 1;
    let out = '';
    while (!this.atEnd()) {
      const char = this.text[this.position] ?? '';
      this.position += 1;
      if (char === quote) return out;
      if (char === '\n') break;
      if (char === '\\') {
        const next = this.text[this.position] ?? '';
        this.position += 1;
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
        out += escapes[next] ?? `\\${next}`;
        continue;
      }
      out += char;
    }
    throw new LiteralSyntaxError('unterminated string literal');
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.peek() !== char) throw new LiteralSyntaxError(`expected ${char}`);
    this.position += 1;
  }

  private skipSpace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.position += 1;
  }

  private peek(): string {
    return this.text[this.position] ?? '';
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }
}
