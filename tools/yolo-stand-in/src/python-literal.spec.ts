import { describe, expect, it } from 'vitest';
import { smartValue } from './python-literal.ts';
import { pyFloat, pyTuple } from './python-value.ts';

describe('smartValue', () => {
  it('reads none, true and false in any case', () => {
    expect([smartValue('None'), smartValue('TRUE'), smartValue('false')]).toEqual([null, true, false]);
  });

  it('keeps ints and floats apart, as Python does', () => {
    expect(smartValue('50')).toBe(50);
    expect(smartValue('-1')).toBe(-1);
    expect(smartValue('5.0')).toEqual(pyFloat(5));
    expect(smartValue('1e-3')).toEqual(pyFloat(0.001));
    expect(smartValue('.5')).toEqual(pyFloat(0.5));
    expect(smartValue('1_000')).toBe(1000);
  });

  it('reads lists, tuples and quoted strings', () => {
    expect(smartValue('[0, 2, 3]')).toEqual([0, 2, 3]);
    expect(smartValue('640,480')).toEqual(pyTuple([640, 480]));
    expect(smartValue('(1,)')).toEqual(pyTuple([1]));
    expect(smartValue("'cpu'")).toBe('cpu');
    expect(smartValue('["a", None, True]')).toEqual(['a', null, true]);
  });

  it('leaves everything else as the text given', () => {
    for (const text of ['abc', 'yolo26n.pt', 'data/pcb.yaml', '01', '1abc', 'inf', '{}', "'open", 'a b']) {
      expect(smartValue(text), text).toBe(text);
    }
  });
});
