import { describe, expect, it } from 'vitest';
import { formatHumanDuration, parseArgoDuration } from './durations.ts';

describe('Argo durations', () => {
  it('reads a bare number as seconds and Go durations by unit', () => {
    expect(parseArgoDuration('1')).toBe(1000);
    expect(parseArgoDuration(2)).toBe(2000);
    expect(parseArgoDuration('1m')).toBe(60_000);
    expect(parseArgoDuration('1h30m')).toBe(5_400_000);
    expect(parseArgoDuration('250ms')).toBe(250);
    expect(parseArgoDuration('1.5s')).toBe(1500);
  });

  it('refuses text that is not a duration', () => {
    expect(() => parseArgoDuration('soon')).toThrow('invalid duration "soon"');
    expect(() => parseArgoDuration('5 minutes')).toThrow('invalid duration');
  });

  it('writes durations the way Argo messages do', () => {
    expect(formatHumanDuration(1000)).toBe('1 second');
    expect(formatHumanDuration(4000)).toBe('4 seconds');
    expect(formatHumanDuration(65_000)).toBe('1 minute 5 seconds');
  });
});
