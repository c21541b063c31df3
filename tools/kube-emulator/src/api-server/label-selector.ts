// Label selectors in the syntax of k8s.io/apimachinery/pkg/labels: `a=b`, `a==b`, `a!=b`,
// `a in (x,y)`, `a notin (x)`, `a` (exists) and `!a` (does not exist), joined by commas.
import { validateLabelKey, validateLabelValue } from './object-names.ts';

export type LabelRequirement =
  | { key: string; operator: 'equals' | 'notEquals'; values: [string] }
  | { key: string; operator: 'in' | 'notIn'; values: string[] }
  | { key: string; operator: 'exists' | 'doesNotExist'; values: [] };

export interface LabelSelector {
  requirements: LabelRequirement[];
}

export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

type Token =
  | { kind: 'identifier'; text: string }
  | { kind: 'operator'; text: '=' | '==' | '!=' | '!' | '(' | ')' | ',' }
  | { kind: 'end'; text: '' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (/\s/.test(char)) {
      i += 1;
    } else if (text.startsWith('==', i) || text.startsWith('!=', i)) {
      tokens.push({ kind: 'operator', text: text.slice(i, i + 2) as '==' | '!=' });
      i += 2;
    } else if ('=!(),'.includes(char)) {
      tokens.push({ kind: 'operator', text: char as '=' | '!' | '(' | ')' | ',' });
      i += 1;
    } else {
      let end = i;
      while (end < text.length && !/[\s=!(),]/.test(text.charAt(end))) end += 1;
      tokens.push({ kind: 'identifier', text: text.slice(i, end) });
      i = end;
    }
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'end of string' : `'${token.text}'`;
}

function checkKey(key: string): void {
  const problem = validateLabelKey(key);
  if (problem !== undefined) throw new SelectorParseError(`unable to parse requirement: invalid label key "${key}": ${problem}`);
}

function checkValue(value: string): void {
  const problem = validateLabelValue(value);
  if (problem !== undefined) {
    throw new SelectorParseError(`unable to parse requirement: invalid label value: "${value}": ${problem}`);
  }
}

export function parseLabelSelector(text: string): LabelSelector {
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): Token => tokens[position] ?? { kind: 'end', text: '' };
  const next = (): Token => {
    const token = peek();
    position += 1;
    return token;
  };
  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return { requirements };

  for (;;) {
    let token = next();
    if (token.kind === 'operator' && token.text === '!') {
      const key = next();
      if (key.kind !== 'identifier') throw new SelectorParseError(`unable to parse requirement: found ${describe(key)}, expected: identifier`);
      checkKey(key.text);
      requirements.push({ key: key.text, operator: 'doesNotExist', values: [] });
    } else if (token.kind === 'identifier') {
      const key = token.text;
      checkKey(key);
      token = peek();
      if (token.kind === 'end' || (token.kind === 'operator' && token.text === ',')) {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (token.kind === 'operator' && (token.text === '=' || token.text === '==' || token.text === '!=')) {
        next();
        const valueToken = peek();
        let value = '';
        if (valueToken.kind === 'identifier') {
          value = valueToken.text;
          next();
        } else if (!(valueToken.kind === 'end' || valueToken.text === ',')) {
          throw new SelectorParseError(`unable to parse requirement: found ${describe(valueToken)}, expected: identifier`);
        }
        checkValue(value);
        requirements.push({ key, operator: token.text === '!=' ? 'notEquals' : 'equals', values: [value] });
      } else if (token.kind === 'identifier' && (token.text === 'in' || token.text === 'notin')) {
        next();
        const open = next();
        if (open.text !== '(') throw new SelectorParseError(`unable to parse requirement: found ${describe(open)}, expected: '('`);
        const values: string[] = [];
        for (;;) {
          const item = next();
          if (item.kind === 'identifier') {
            checkValue(item.text);
            values.push(item.text);
          } else if (item.text === ')' && values.length === 0) {
            break;
          } else {
            throw new SelectorParseError(`unable to parse requirement: found ${describe(item)}, expected: identifier`);
          }
          const separator = next();
          if (separator.text === ')') break;
          if (separator.text !== ',') {
            throw new SelectorParseError(`unable to parse requirement: found ${describe(separator)}, expected: ',' or ')'`);
          }
        }
        if (values.length === 0) {
          throw new SelectorParseError(`unable to parse requirement: for '${token.text}' operator, values set can't be empty`);
        }
        requirements.push({ key, operator: token.text === 'in' ? 'in' : 'notIn', values });
      } else {
        throw new SelectorParseError(
          `unable to parse requirement: found ${describe(token)}, expected: in, notin, =, ==, !=`,
        );
      }
    } else {
      throw new SelectorParseError(`unable to parse requirement: found ${describe(token)}, expected: !, identifier`);
    }
    const after = next();
    if (after.kind === 'end') break;
    if (after.text !== ',') throw new SelectorParseError(`found ${describe(after)}, expected: ',' or 'end of string'`);
  }
  return { requirements };
}

export function matchesLabelSelector(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const present = labels ?? {};
  return selector.requirements.every((requirement) => {
    const has = Object.hasOwn(present, requirement.key);
    const value = present[requirement.key];
    switch (requirement.operator) {
      case 'exists':
        return has;
      case 'doesNotExist':
        return !has;
      case 'equals':
        return has && value === requirement.values[0];
      case 'notEquals':
        return !has || value !== requirement.values[0];
      case 'in':
        return has && requirement.values.includes(value ?? '');
      case 'notIn':
        return !has || !requirement.values.includes(value ?? '');
    }
  });
}
