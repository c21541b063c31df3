import { describe, expect, it } from 'vitest';
import { CronExpressionSchema, parseCronExpression } from './cron-expression.ts';

function problemOf(text: string): string {
  const parsed = parseCronExpression(text);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return parsed.problem;
}

describe('parseCronExpression', () => {
  it('accepts five-field expressions with lists, ranges, steps and names', () => {
    for (const cron of ['0 2 * * *', '*/15 * * * *', '0 9-17/2 * * mon-fri', '30 1 1,15 jan,jul 0', '0 0 * * 7', '5 4 31 12 sun', '5/15 * * * *', '0 0 1 */3 *']) {
      expect(parseCronExpression(cron)).toEqual({ ok: true, cron });
    }
  });

  it('returns the normal form: single spaces, lower case', () => {
    expect(parseCronExpression('  0   2 * *  MON-FRI ')).toEqual({ ok: true, cron: '0 2 * * mon-fri' });
  });

  it('names the fields when the count is wrong', () => {
    expect(problemOf('0')).toBe('a cron expression has 5 fields (minute hour day-of-month month day-of-week), and "0" has 1');
    expect(problemOf('0 0 2 * * *')).toBe(
      'a cron expression has 5 fields (minute hour day-of-month month day-of-week), and "0 0 2 * * *" has 6',
    );
    expect(problemOf('   ')).toBe('a cron expression has 5 fields (minute hour day-of-month month day-of-week), and this one is empty');
  });

  it('names the field and its range when a value is out of range', () => {
    expect(problemOf('0 25 * * *')).toBe('the hour field "25" must be within 0-23');
    expect(problemOf('0 0 0 * *')).toBe('the day-of-month field "0" must be within 1-31');
    expect(problemOf('*/0 * * * *')).toBe('the minute step in "*/0" must be at least 1');
  });

  it('refuses ranges that run backwards and words it does not know', () => {
    expect(problemOf('0 5-2 * * *')).toBe('the hour range "5-2" runs backwards');
    expect(problemOf('0 2 * * funday')).toBe(
      'the day-of-week field "funday" is not a number or a name such as mon, a range (1-5), a step (*/15) or a list (1,15)',
    );
    expect(problemOf('0 2 1,,2 * *')).toBe('the day-of-month field "1,,2" is not a number, a range (1-5), a step (*/15) or a list (1,15)');
  });

  it('refuses @-shorthands, giving the five fields to write instead', () => {
    expect(problemOf('@daily')).toBe(
      'shorthands such as "@daily" are not used; write the 5 fields (minute hour day-of-month month day-of-week) instead, here "0 0 * * *"',
    );
    expect(problemOf('@reboot')).toBe(
      'shorthands such as "@reboot" are not used; write the 5 fields (minute hour day-of-month month day-of-week) instead, e.g. "0 2 * * *"',
    );
  });

  it('refuses a day of the month that none of the chosen months has', () => {
    expect(problemOf('0 0 30 2 *')).toBe('the schedule would never run: no month in "2" has a day 30');
    expect(problemOf('0 0 31 apr,jun *')).toBe('the schedule would never run: no month in "apr,jun" has a day 31');
    // A restricted day of the week makes it run on those days anyway (classic cron's either-or).
    expect(parseCronExpression('0 0 30 2 mon')).toEqual({ ok: true, cron: '0 0 30 2 mon' });
    expect(parseCronExpression('0 0 29 2 *')).toEqual({ ok: true, cron: '0 0 29 2 *' });
  });
});

describe('CronExpressionSchema', () => {
  it('accepts only valid expressions in normal form', () => {
    expect(CronExpressionSchema.safeParse('0 2 * * *').success).toBe(true);
    expect(CronExpressionSchema.safeParse('0  2 * * *').success).toBe(false);
    expect(CronExpressionSchema.safeParse('0 2 * * MON').success).toBe(false);
    expect(CronExpressionSchema.safeParse('0 99 * * *').success).toBe(false);
  });
});
