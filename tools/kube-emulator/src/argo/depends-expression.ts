// DAG `depends` logic (docs/enhanced-depends-logic.md): task results joined with &&, || and !, a bare
// task name meaning `(A.Succeeded || A.Skipped || A.Daemoned)`. `dependencies: [A, B]` is the same
// as `A && B`, widened by the dependency's own continueOn.

export const taskResults = ['Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted', 'Daemoned', 'AnySucceeded', 'AllFailed'] as const;
export type TaskResult = (typeof taskResults)[number];

export type DependsExpression =
  | { kind: 'result'; task: string; result: TaskResult }
  | { kind: 'not'; operand: DependsExpression }
  | { kind: 'and' | 'or'; left: DependsExpression; right: DependsExpression };

export type TaskResultFlags = Record<TaskResult, boolean>;

type Token = { kind: 'name'; text: string } | { kind: 'op'; text: '&&' | '||' | '!' | '(' | ')' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (/\s/.test(char)) {
      i++;
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push({ kind: 'op', text: text.slice(i, i + 2) as '&&' | '||' });
      i += 2;
    } else if (char === '!' || char === '(' || char === ')') {
      tokens.push({ kind: 'op', text: char });
      i++;
    } else {
      const match = /^[A-Za-z0-9_][A-Za-z0-9_.-]*/.exec(text.slice(i));
      if (!match) throw new Error(`unexpected character '${char}' at position ${i}`);
      tokens.push({ kind: 'name', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

function expandName(name: string): DependsExpression {
  const dot = name.lastIndexOf('.');
  const suffix = dot >= 0 ? name.slice(dot + 1) : '';
  if (dot >= 0 && (taskResults as readonly string[]).includes(suffix)) {
    return { kind: 'result', task: name.slice(0, dot), result: suffix as TaskResult };
  }
  if (dot >= 0 && /^[A-Z]/.test(suffix)) {
    throw new Error(`unknown task result '${suffix}' (use one of ${taskResults.join(', ')})`);
  }
  return anyOf(name, ['Succeeded', 'Skipped', 'Daemoned']);
}

function anyOf(task: string, results: TaskResult[]): DependsExpression {
  const [first, ...rest] = results.map((result): DependsExpression => ({ kind: 'result', task, result }));
  if (!first) throw new Error('no results');
  return rest.reduce<DependsExpression>((left, right) => ({ kind: 'or', left, right }), first);
}

export function parseDepends(text: string): DependsExpression {
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const parseOr = (): DependsExpression => {
    let left = parseAnd();
    while (peek()?.text === '||') {
      position++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): DependsExpression => {
    let left = parseUnary();
    while (peek()?.text === '&&') {
      position++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): DependsExpression => {
    const token = peek();
    if (!token) throw new Error('unexpected end of expression');
    position++;
    if (token.kind === 'name') return expandName(token.text);
    if (token.text === '!') return { kind: 'not', operand: parseUnary() };
    if (token.text === '(') {
      const inner = parseOr();
      if (peek()?.text !== ')') throw new Error("missing ')'");
      position++;
      return inner;
    }
    throw new Error(`unexpected '${token.text}'`);
  };
  if (tokens.length === 0) throw new Error('empty expression');
  const expression = parseOr();
  const rest = peek();
  if (rest) throw new Error(`unexpected '${rest.text}'`);
  return expression;
}

export interface DependencySource {
  dependencies?: string[];
  depends?: string;
}

/** The logic of a task, whichever way it was written; undefined for a root task. */
export function buildTaskDependsLogic(
  task: DependencySource,
  continueOnOf: (taskName: string) => { failed?: boolean; error?: boolean } | undefined,
): DependsExpression | undefined {
  if (task.depends !== undefined && task.depends.trim() !== '') return parseDepends(task.depends);
  const parts = (task.dependencies ?? []).map((name) => {
    const continueOn = continueOnOf(name);
    const results: TaskResult[] = ['Succeeded', 'Skipped', 'Daemoned'];
    if (continueOn?.failed) results.push('Failed');
    if (continueOn?.error) results.push('Errored');
    return anyOf(name, results);
  });
  const [first, ...rest] = parts;
  if (!first) return undefined;
  return rest.reduce<DependsExpression>((left, right) => ({ kind: 'and', left, right }), first);
}

export function listDependsTasks(expression: DependsExpression | undefined): string[] {
  const names = new Set<string>();
  const visit = (node: DependsExpression): void => {
    if (node.kind === 'result') names.add(node.task);
    else if (node.kind === 'not') visit(node.operand);
    else {
      visit(node.left);
      visit(node.right);
    }
  };
  if (expression) visit(expression);
  return [...names];
}

export function evaluateDepends(expression: DependsExpression, results: (task: string) => TaskResultFlags): boolean {
  switch (expression.kind) {
    case 'result':
      return results(expression.task)[expression.result];
    case 'not':
      return !evaluateDepends(expression.operand, results);
    case 'and':
      return evaluateDepends(expression.left, results) && evaluateDepends(expression.right, results);
    case 'or':
      return evaluateDepends(expression.left, results) || evaluateDepends(expression.right, results);
  }
}
