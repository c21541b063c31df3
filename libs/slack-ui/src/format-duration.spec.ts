import { describe, expect, it } from 'vitest';
import { formatDuration, formatTimeLeft } from './format-duration.ts';

describe('formatDuration', () => {
  it('reads like a person would say it', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(12 * 60 + 10)).toBe('12 min');
    expect(formatDuration(4_320)).toBe('1 h 12 min');
    expect(formatDuration(7_200)).toBe('2 h');
    expect(formatDuration(3 * 86_400 + 3 * 3_600)).toBe('3 d 3 h');
  });

  it('reads nonsense (negative, NaN, infinite) as no time at all', () => {
    expect([-5, Number.NaN, Number.POSITIVE_INFINITY].map(formatDuration)).toEqual(['0 s', '0 s', '0 s']);
  });
});

describe('formatTimeLeft', () => {
  it('rounds to minutes and does not pretend to know the seconds', () => {
    expect(formatTimeLeft(360)).toBe('~6 min left');
    expect(formatTimeLeft(20)).toBe('<1 min left');
  });
});
