import { describe, expect, it } from 'vitest';
import { parseRangeHeader } from './range.ts';

describe('parseRangeHeader', () => {
  it('reads closed, open-ended and suffix ranges, clamping the end to the object', () => {
    expect(parseRangeHeader('bytes=0-9', 100)).toEqual({ kind: 'satisfiable', range: { start: 0, end: 9 } });
    expect(parseRangeHeader('bytes=90-', 100)).toEqual({ kind: 'satisfiable', range: { start: 90, end: 99 } });
    expect(parseRangeHeader('bytes=-10', 100)).toEqual({ kind: 'satisfiable', range: { start: 90, end: 99 } });
    expect(parseRangeHeader('bytes=50-500', 100)).toEqual({ kind: 'satisfiable', range: { start: 50, end: 99 } });
    expect(parseRangeHeader('bytes=-500', 100)).toEqual({ kind: 'satisfiable', range: { start: 0, end: 99 } });
  });

  it('calls a range that starts past the end unsatisfiable', () => {
    expect(parseRangeHeader('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=0-0', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('ignores what S3 ignores: no header, several ranges, nonsense, reversed bounds', () => {
    for (const header of [undefined, 'bytes=0-1,5-6', 'lines=1-2', 'bytes=9-3', 'bytes=-']) {
      expect(parseRangeHeader(header, 100)).toEqual({ kind: 'none' });
    }
  });
});
