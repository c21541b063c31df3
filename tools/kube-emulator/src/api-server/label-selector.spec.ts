import { describe, expect, it } from 'vitest';
import { matchesLabelSelector, parseLabelSelector } from './label-selector.ts';

const matches = (selector: string, labels: Record<string, string>) => matchesLabelSelector(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it('match equality, inequality and both spellings of equals', () => {
    const labels = { app: 'train', tier: 'gpu' };
    expect(matches('app=train', labels)).toBe(true);
    expect(matches('app==train', labels)).toBe(true);
    expect(matches('app!=train', labels)).toBe(false);
    expect(matches('app!=serve', labels)).toBe(true);
    expect(matches('missing!=x', labels)).toBe(true);
    expect(matches('app=train,tier=cpu', labels)).toBe(false);
  });

  it('match set membership, existence and absence like the real server', () => {
    const labels = { 'workflows.argoproj.io/phase': 'Running', team: 'vision' };
    expect(matches('workflows.argoproj.io/phase in (Running, Pending)', labels)).toBe(true);
    expect(matches('workflows.argoproj.io/phase notin (Running)', labels)).toBe(false);
    expect(matches('absent notin (x)', labels)).toBe(true);
    expect(matches('absent in (x)', labels)).toBe(false);
    expect(matches('team', labels)).toBe(true);
    expect(matches('!team', labels)).toBe(false);
    expect(matches('!absent , team in (vision)', labels)).toBe(true);
  });

  it('select everything when empty', () => {
    expect(parseLabelSelector('').requirements).toEqual([]);
    expect(matches('', {})).toBe(true);
  });

  it('refuse malformed selectors with a message that shows where', () => {
    expect(() => parseLabelSelector('app in ()')).toThrow("for 'in' operator, values set can't be empty");
    expect(() => parseLabelSelector('app in (a')).toThrow("found end of string, expected: ',' or ')'");
    expect(() => parseLabelSelector('app=a=b')).toThrow("found '=', expected: ',' or 'end of string'");
    expect(() => parseLabelSelector('bad key=1')).toThrow("found 'key', expected: in, notin, =, ==, !=");
    expect(() => parseLabelSelector('app=has space')).toThrow("found 'space'");
    expect(() => parseLabelSelector('-app=x')).toThrow('invalid label key "-app"');
  });
});
