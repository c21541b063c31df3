import { z } from 'zod';
import { quoteForMessage } from './message-text.ts';
import { suggestClosest } from './suggest-closest.ts';

// IANA time zone names for schedules, checked against the zones this Node knows (full ICU), so
// the bot and the api agree. Offsets such as "+01:00" and abbreviations such as "CET" are refused
// on purpose: offsets ignore daylight saving time, abbreviations are read differently by
// different schedulers, and a nightly retrain should follow the wall clock of its team.

export type TimeZoneResult = { ok: true; timeZone: string } | { ok: false; problem: string };

const timeZoneNameSyntax = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/u;

/**
 * Checks a time zone name and returns it in normal spelling: the case ICU uses when the name is
 * ICU's own (`europe/berlin` → `Europe/Berlin`), otherwise as typed. Aliases are not replaced:
 * ICU still calls Asia/Kolkata "Asia/Calcutta", and people should see the name they chose.
 */
export function parseTimeZone(text: string): TimeZoneResult {
  const name = text.trim();
  const canonical = timeZoneNameSyntax.test(name) ? canonicalTimeZone(name) : undefined;
  if (canonical !== undefined) {
    if (canonical.toLowerCase() === name.toLowerCase()) return { ok: true, timeZone: canonical };
    if (name.includes('/')) return { ok: true, timeZone: name };
    // "GMT", "CET", "PST": the runtime maps them to some zone, a scheduler might not.
    return { ok: false, problem: `${quoteForMessage(name)} is an abbreviation, not a time zone name; use a name such as Europe/Berlin or UTC` };
  }

  const suggestion = suggestClosest(name, [...Intl.supportedValuesOf('timeZone'), 'UTC']);
  const didYouMean = suggestion === undefined ? '; use a name such as Europe/Berlin or UTC' : `: did you mean ${suggestion}?`;
  return { ok: false, problem: `unknown time zone ${quoteForMessage(name)}${didYouMean}` };
}

/** A time zone name in the normal spelling parseTimeZone returns. */
export const TimeZoneSchema = z.string().refine((text) => {
  const parsed = parseTimeZone(text);
  return parsed.ok && parsed.timeZone === text;
}, 'an IANA time zone name such as Europe/Berlin, in its normal spelling');

function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
