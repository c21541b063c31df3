// `when` clauses as Argo evaluates them: govaluate over the already-substituted text, with every bare
// word taken as a string so `{{workflow.status}} == Succeeded` works without quotes.

type Value = number | string | boolean;

type Token =
  | { kind: 'value'; value: Value }
  | { kind: 'op'; text: string };

const operators = ['==', '!=', '>=', '<=', '=~', '!~', '&&', '||', '>', '<', '!', '(', ')', '+', '-', '*', '/', '%'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (char === '"' || char === "'") {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== char; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
      }
      if (j >= text.length) throw new Error(`unclosed quote at position ${i}`);
      tokens.push({ kind: 'value', value });
      i = j + 1;
      continue;
    }
    const number = /^\d+(?:\.\d+)?(?![A-Za-z_])/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'value', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    if (char === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new Error(`unclosed '[' at position ${i}`);
      tokens.push({ kind: 'value', value: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const word = /^[\p{L}_][\p{L}\p{N}_.]*/u.exec(text.slice(i));
    if (word) {
      const value = word[0] === 'true' ? true : word[0] === 'false' ? false : word[0];
      tokens.push({ kind: 'value', value });
      i += word[0].length;
      continue;
    }
    const operator = operators.find((candidate) => text.startsWith(candidate, i));
    if (!operator) throw new Error(`Invalid token: '${char}'`);
    tokens.push({ kind: 'op', text: operator });
    i += operator.length;
  }
  return tokens;
}

function describe(value: Value): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function requireNumbers(operator: string, left: Value, right: Value): [number, number] {
  if (typeof left !== 'number' || typeof right !== 'number') {
    const culprit = typeof left !== 'number' ? left : right;
    throw new Error(`Value ${describe(culprit)} cannot be used with the modifier '${operator}', it is not a number`);
  }
  return [left, right];
}

function compare(operator: string, left: Value, right: Value): boolean {
  if (typeof left === 'string' && typeof right === 'string') {
    if (operator === '>') return left > right;
    if (operator === '<') return left < right;
    if (operator === '>=') return left >= right;
    return left <= right;
  }
  if (typeof left !== 'number' || typeof right !== 'number') {
    throw new Error(`Value ${describe(typeof left !== 'number' ? left : right)} cannot be used with the comparator '${operator}', it is not a number`);
  }
  if (operator === '>') return left > right;
  if (operator === '<') return left < right;
  if (operator === '>=') return left >= right;
  return left <= right;
}

function requireBoolean(operator: string, value: Value): boolean {
  if (typeof value !== 'boolean') throw new Error(`Value ${describe(value)} cannot be used with the logical operator '${operator}', it is not a bool`);
  return value;
}

function evaluateTokens(tokens: Token[]): Value {
  let position = 0;
  const peekOp = (): string | undefined => {
    const token = tokens[position];
    return token?.kind === 'op' ? token.text : undefined;
  };
  const binary = (next: () => Value, ops: string[], apply: (op: string, l: Value, r: Value) => Value) => (): Value => {
    let left = next();
    for (let op = peekOp(); op !== undefined && ops.includes(op); op = peekOp()) {
      position++;
      left = apply(op, left, next());
    }
    return left;
  };
  const parsePrimary = (): Value => {
    const token = tokens[position];
    if (!token) throw new Error('Unexpected end of expression');
    position++;
    if (token.kind === 'value') return token.value;
    if (token.text === '(') {
      const value = parseOr();
      if (peekOp() !== ')') throw new Error('Unbalanced parenthesis');
      position++;
      return value;
    }
    if (token.text === '!') return !requireBoolean('!', parsePrimary());
    if (token.text === '-') {
      const value = parsePrimary();
      if (typeof value !== 'number') throw new Error(`Value ${describe(value)} cannot be negated, it is not a number`);
      return -value;
    }
    throw new Error(`Unexpected operator '${token.text}'`);
  };
  const parseMultiplicative = binary(parsePrimary, ['*', '/', '%'], (op, l, r) => {
    const [a, b] = requireNumbers(op, l, r);
    return op === '*' ? a * b : op === '/' ? a / b : a % b;
  });
  const parseAdditive = binary(parseMultiplicative, ['+', '-'], (op, l, r) => {
    if (op === '+' && (typeof l === 'string' || typeof r === 'string')) return `${String(l)}${String(r)}`;
    const [a, b] = requireNumbers(op, l, r);
    return op === '+' ? a + b : a - b;
  });
  const parseComparison = binary(parseAdditive, ['==', '!=', '>', '<', '>=', '<=', '=~', '!~'], (op, l, r) => {
    if (op === '==') return l === r;
    if (op === '!=') return l !== r;
    if (op === '=~' || op === '!~') {
      if (typeof l !== 'string' || typeof r !== 'string') throw new Error(`Value cannot be used with the comparator '${op}', it is not a string`);
      const matches = new RegExp(r).test(l);
      return op === '=~' ? matches : !matches;
    }
    return compare(op, l, r);
  });
  const parseAnd = binary(parseComparison, ['&&'], (op, l, r) => requireBoolean(op, l) && requireBoolean(op, r));
  const parseOr = binary(parseAnd, ['||'], (op, l, r) => requireBoolean(op, l) || requireBoolean(op, r));

  const value = parseOr();
  const rest = tokens[position];
  if (rest) {
    throw new Error(rest.kind === 'op' ? `Unexpected operator '${rest.text}'` : `Unexpected value ${describe(rest.value)} (hint: try wrapping the affected expression in quotes ("))`);
  }
  return value;
}

/** True when the (already substituted) `when` text holds; an empty clause always holds. */
export function evaluateWhen(when: string | undefined): boolean {
  if (when === undefined || when.trim() === '') return true;
  let result: Value;
  try {
    result = evaluateTokens(tokenize(when));
  } catch (error) {
    throw new Error(`Invalid 'when' expression '${when}': ${(error as Error).message}`, { cause: error });
  }
  if (typeof result !== 'boolean') throw new Error(`Expected boolean evaluation for '${when}'. Got ${String(result)}`);
  return result;
}
