import { isPyFloat, isPyTuple, pyFloatRepr } from './python-value.ts';
import type { PyValue } from './python-value.ts';

// Ultralytics writes args.yaml with PyYAML: `yaml.safe_dump(data, sort_keys=False,
// allow_unicode=True)`. The `yaml` npm package writes valid YAML but not the same bytes (it drops
// `.0` from floats, quotes differently), so this emits a flat mapping the way PyYAML's emitter
// does: plain scalars where YAML would read them back as the same string, single quotes
// otherwise, floats as Python reprs with `.0` forced into exponents, block-style lists, and
// long plain lines folded at spaces past column 80.

const bestWidth = 80;
const indent = 2;

// PyYAML's implicit resolvers: a plain scalar matching one of these would load as another type.
const implicitResolvers: readonly RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:=)$/,
];

const lineBreaks = '\n\x85\u2028\u2029';

function isPrintable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0x7e) || code === 0x85 ||
    (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) || (code >= 0x10000 && code <= 0x10ffff)
  );
}

type ScalarStyle = 'plain' | 'single' | 'double';

// PyYAML's Emitter.analyze_scalar, reduced to the block-context decision.
function chooseStyle(text: string): ScalarStyle {
  if (text === '') return 'single';
  const chars = [...text];
  if (chars.some((char) => !isPrintable(char))) return 'double';
  if (implicitResolvers.some((pattern) => pattern.test(text))) return 'single';
  if (text.startsWith('---') || text.startsWith('...')) return 'single';
  if (chars.some((char) => lineBreaks.includes(char))) return 'double';
  if (text.startsWith(' ') || text.endsWith(' ')) return 'single';
  let blockIndicators = false;
  let precededByWhitespace = true;
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index] as string;
    const next = chars[index + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || lineBreaks.includes(next);
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(char)) blockIndicators = true;
      if ('?:'.includes(char) && followedByWhitespace) blockIndicators = true;
      if (char === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (char === ':' && followedByWhitespace) blockIndicators = true;
      if (char === '#' && precededByWhitespace) blockIndicators = true;
    }
    precededByWhitespace = char === ' ' || char === '\t';
  }
  return blockIndicators ? 'single' : 'plain';
}

// Writes `text` starting at `column`, breaking a single space into a new indented line once past
// the best width, as PyYAML's write_plain / write_single_quoted do.
function foldAtSpaces(text: string, column: number, keepEdges: boolean): string {
  let out = '';
  let col = column;
  let start = 0;
  let spaces = false;
  for (let end = 0; end <= text.length; end += 1) {
    const char = end < text.length ? text[end] : undefined;
    if (spaces) {
      if (char !== ' ') {
        const edge = keepEdges && (start === 0 || end === text.length);
        if (start + 1 === end && col > bestWidth && !edge) {
          out += `\n${' '.repeat(indent)}`;
          col = indent;
        } else {
          out += text.slice(start, end);
          col += end - start;
        }
        start = end;
      }
    } else if (char === undefined || char === ' ') {
      out += text.slice(start, end);
      col += end - start;
      start = end;
    }
    spaces = char === ' ';
  }
  return out;
}

function emitString(text: string, column: number): string {
  const style = chooseStyle(text);
  if (style === 'plain') return foldAtSpaces(text, column, false);
  if (style === 'single') return `'${foldAtSpaces(text.replaceAll("'", "''"), column + 1, true)}'`;
  return JSON.stringify(text);
}

/** A scalar as PyYAML's SafeRepresenter writes it, starting at `column`. */
export function emitPythonYamlScalar(value: PyValue, column = 0): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return emitString(value, column);
  if (isPyFloat(value)) {
    if (Number.isNaN(value.value)) return '.nan';
    if (value.value === Infinity) return '.inf';
    if (value.value === -Infinity) return '-.inf';
    const repr = pyFloatRepr(value.value).toLowerCase();
    return !repr.includes('.') && repr.includes('e') ? repr.replace('e', '.0e') : repr;
  }
  const items = isPyTuple(value) ? value.items : value;
  return `[${items.map((item) => emitPythonYamlScalar(item)).join(', ')}]`;
}

/** A flat mapping as `yaml.safe_dump(data, sort_keys=False, allow_unicode=True)` writes it. */
export function dumpPythonYaml(entries: Iterable<readonly [string, PyValue]>): string {
  let out = '';
  for (const [key, value] of entries) {
    const keyText = emitString(key, 0);
    const items = Array.isArray(value) ? value : isPyTuple(value) ? value.items : undefined;
    if (items !== undefined && items.length > 0 && items.every((item) => !Array.isArray(item) && !isPyTuple(item))) {
      out += `${keyText}:\n${items.map((item) => `- ${emitPythonYamlScalar(item, 2)}\n`).join('')}`;
    } else if (items !== undefined && items.length === 0) {
      out += `${keyText}: []\n`;
    } else {
      out += `${keyText}: ${emitPythonYamlScalar(value as PyValue, keyText.length + 2)}\n`;
    }
  }
  return out;
}
