import { describe, expect, it } from 'vitest';
import { buildTaskDependsLogic, evaluateDepends, listDependsTasks, parseDepends, type TaskResultFlags } from './depends-expression.ts';

const flags = (phase: string): TaskResultFlags => ({
  Succeeded: phase === 'Succeeded',
  Failed: phase === 'Failed',
  Errored: phase === 'Error',
  Skipped: phase === 'Skipped',
  Omitted: phase === 'Omitted',
  Daemoned: false,
  AnySucceeded: false,
  AllFailed: false,
});

function evaluate(text: string, phases: Record<string, string>): boolean {
  return evaluateDepends(parseDepends(text), (task) => flags(phases[task] ?? 'Pending'));
}

describe('DAG depends expressions', () => {
  it('reads a bare task as succeeded, skipped or daemoned', () => {
    expect(evaluate('A', { A: 'Succeeded' })).toBe(true);
    expect(evaluate('A', { A: 'Skipped' })).toBe(true);
    expect(evaluate('A', { A: 'Failed' })).toBe(false);
  });

  it('evaluates the dag-enhanced-depends example the way Argo does', () => {
    const phases = { A: 'Succeeded', B: 'Succeeded', C: 'Failed', 'should-execute-2': 'Succeeded', 'should-not-execute': 'Omitted' };
    expect(evaluate('A && (C.Succeeded || C.Failed)', phases)).toBe(true);
    expect(evaluate('B || C', phases)).toBe(true);
    expect(evaluate('B && C', phases)).toBe(false);
    expect(evaluate('should-execute-2.Succeeded || should-not-execute', phases)).toBe(true);
  });

  it('supports negation, Errored and Omitted', () => {
    expect(evaluate('!A.Succeeded', { A: 'Error' })).toBe(true);
    expect(evaluate('A.Errored && B.Omitted', { A: 'Error', B: 'Omitted' })).toBe(true);
  });

  it('lists the tasks an expression refers to', () => {
    expect(listDependsTasks(parseDepends('A && (C.Succeeded || C.Failed) || !my-task.Skipped')).sort()).toEqual(['A', 'C', 'my-task']);
  });

  it('turns dependencies into an AND that honours the dependency continueOn', () => {
    const logic = buildTaskDependsLogic({ dependencies: ['A', 'B'] }, (name) => (name === 'B' ? { failed: true } : undefined));
    expect(logic).toBeDefined();
    const run = (phases: Record<string, string>): boolean => evaluateDepends(logic!, (task) => flags(phases[task] ?? 'Pending'));
    expect(run({ A: 'Succeeded', B: 'Failed' })).toBe(true);
    expect(run({ A: 'Failed', B: 'Succeeded' })).toBe(false);
    expect(buildTaskDependsLogic({}, () => undefined)).toBeUndefined();
  });

  it('rejects malformed expressions with a message saying what is wrong', () => {
    expect(() => parseDepends('A &&')).toThrow('unexpected end of expression');
    expect(() => parseDepends('(A || B')).toThrow("missing ')'");
    expect(() => parseDepends('A.Finished')).toThrow("unknown task result 'Finished'");
    expect(() => parseDepends('A $ B')).toThrow("unexpected character '$'");
  });
});
