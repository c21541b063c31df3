import { describe, expect, it } from 'vitest';
import { parseTimeZone, TimeZoneSchema } from './time-zone.ts';

describe('parseTimeZone', () => {
  it('accepts IANA names in any case and returns the canonical spelling', () => {
    expect(parseTimeZone('Europe/Berlin')).toEqual({ ok: true, timeZone: 'Europe/Berlin' });
    expect(parseTimeZone('europe/berlin')).toEqual({ ok: true, timeZone: 'Europe/Berlin' });
    expect(parseTimeZone('utc')).toEqual({ ok: true, timeZone: 'UTC' });
  });

  it('keeps an alias as typed instead of ICU’s older name for it', () => {
    expect(parseTimeZone('Asia/Kolkata')).toEqual({ ok: true, timeZone: 'Asia/Kolkata' });
    expect(parseTimeZone('US/Pacific')).toEqual({ ok: true, timeZone: 'US/Pacific' });
  });

  it('refuses a misspelt zone with a guess', () => {
    expect(parseTimeZone('Europe/Berlim')).toEqual({ ok: false, problem: 'unknown time zone "Europe/Berlim": did you mean Europe/Berlin?' });
  });

  it('refuses offsets and nonsense with an example of a name', () => {
    const expected = (name: string) => ({ ok: false, problem: `unknown time zone "${name}"; use a name such as Europe/Berlin or UTC` });
    expect(parseTimeZone('+01:00')).toEqual(expected('+01:00'));
    expect(parseTimeZone('Mars/Olympus_Mons')).toEqual(expected('Mars/Olympus_Mons'));
  });

  it('refuses abbreviations that the runtime would quietly map to a zone', () => {
    expect(parseTimeZone('GMT')).toEqual({ ok: false, problem: '"GMT" is an abbreviation, not a time zone name; use a name such as Europe/Berlin or UTC' });
  });
});

describe('TimeZoneSchema', () => {
  it('accepts only the normal spelling', () => {
    expect(TimeZoneSchema.safeParse('Europe/Berlin').success).toBe(true);
    expect(TimeZoneSchema.safeParse('europe/berlin').success).toBe(false);
  });
});
