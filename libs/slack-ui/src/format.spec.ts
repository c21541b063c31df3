import { describe, expect, it } from 'vitest';
import { runStates } from '@trainops/contracts';
import { formatAge, formatRequester, runStateEmoji, shortRunId } from './format.ts';

const now = new Date('2025-03-01T12:00:00.000Z');

describe('formatAge', () => {
  it('reads like a person would say it', () => {
    expect(formatAge('2025-03-01T11:59:30.000Z', now)).toBe('just now');
    expect(formatAge('2025-03-01T11:48:00.000Z', now)).toBe('12 min ago');
    expect(formatAge('2025-03-01T07:00:00.000Z', now)).toBe('5 h ago');
    expect(formatAge('2025-02-26T12:00:00.000Z', now)).toBe('3 d ago');
  });

  it('treats a time in the future (clock skew) as just now', () => {
    expect(formatAge('2025-03-01T12:05:00.000Z', now)).toBe('just now');
  });
});

describe('formatRequester', () => {
  it('mentions Slack users and escapes everything else', () => {
    expect(formatRequester('U0123ABCD')).toBe('<@U0123ABCD>');
    expect(formatRequester('W0123ABCD')).toBe('<@W0123ABCD>');
    expect(formatRequester('<!channel>')).toBe('&lt;!channel&gt;');
  });
});

describe('shortRunId', () => {
  it('keeps the first block of a uuid', () => {
    expect(shortRunId('0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47')).toBe('0b8f4a2e');
  });
});

describe('runStateEmoji', () => {
  it('has an emoji for every run state', () => {
    expect(runStates.every((state) => runStateEmoji[state].startsWith(':'))).toBe(true);
  });
});
