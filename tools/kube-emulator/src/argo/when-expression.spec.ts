import { describe, expect, it } from 'vitest';
import { evaluateWhen } from './when-expression.ts';

describe('when clauses', () => {
  it('holds when empty', () => {
    expect(evaluateWhen(undefined)).toBe(true);
    expect(evaluateWhen('  ')).toBe(true);
  });

  it('compares bare words as strings, as in the exit-handlers example', () => {
    expect(evaluateWhen('Failed == Succeeded')).toBe(false);
    expect(evaluateWhen('Failed != Succeeded')).toBe(true);
    expect(evaluateWhen('heads == heads')).toBe(true);
  });

  it('compares numbers, quoted strings and regular expressions', () => {
    expect(evaluateWhen('7 > 5')).toBe(true);
    expect(evaluateWhen('2.5 <= 2')).toBe(false);
    expect(evaluateWhen('"a b" == \'a b\'')).toBe(true);
    expect(evaluateWhen("'abc' =~ '^a'")).toBe(true);
    expect(evaluateWhen('5 == "5"')).toBe(false);
  });

  it('combines with &&, ||, ! and parentheses', () => {
    expect(evaluateWhen('(1 < 2 && b == b) || false')).toBe(true);
    expect(evaluateWhen('!(1 < 2)')).toBe(false);
  });

  it('explains an expression it cannot evaluate', () => {
    expect(() => evaluateWhen('hello world == hello world')).toThrow("Invalid 'when' expression 'hello world == hello world'");
    expect(() => evaluateWhen('my-value == x')).toThrow("cannot be used with the modifier '-'");
    expect(() => evaluateWhen('1 + 2')).toThrow("Expected boolean evaluation for '1 + 2'. Got 3");
    expect(() => evaluateWhen('a < 3')).toThrow('it is not a number');
  });
});
