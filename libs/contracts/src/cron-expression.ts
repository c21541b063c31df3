import { z } from 'zod';
import { quoteForMessage } from './message-text.ts';

// Classic five-field cron (minute hour day-of-month month day-of-week), checked here so that
// `/retrain … cron="…"` is answered at once. The dialect is the one every scheduler agrees on:
// seconds fields, @daily-style shorthands and Quartz extensions (?, L, W, #) are refused rather
// than guessed at, so the schedule a person reads is the one that fires. The project registry
// (libs/projects) reads the same dialect.

export type CronExpressionResult = { ok: true; cron: string } | { ok: false; problem: string };

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** The number the first name stands for (jan = 1, sun = 0). */
  firstNameValue?: number;
}

const cronFields: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], firstNameValue: 1 },
  // 7 is Sunday as well as 0, as in Vixie cron.
  { name: 'day-of-week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], firstNameValue: 0 },
];

// The longest each month can be (February in a leap year), to catch "0 0 30 2 *" that never fires.
const longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const shorthandEquivalents: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const fieldList = 'minute hour day-of-month month day-of-week';

/**
 * Checks a cron expression and returns it in normal form: lower case, fields separated by single
 * spaces. A problem is a whole phrase about the expression, for example
 * `the hour field "25" must be within 0-23`.
 */
export function parseCronExpression(text: string): CronExpressionResult {
  const cron = text.trim().split(/\s+/u).join(' ').toLowerCase();
  if (cron.length === 0) return { ok: false, problem: `a cron expression has 5 fields (${fieldList}), and this one is empty` };

  if (cron.startsWith('@')) {
    const equivalent = Object.hasOwn(shorthandEquivalents, cron) ? shorthandEquivalents[cron] : undefined;
    const instead = equivalent === undefined ? `e.g. "0 2 * * *"` : `here "${equivalent}"`;
    return { ok: false, problem: `shorthands such as ${quoteForMessage(cron)} are not used; write the 5 fields (${fieldList}) instead, ${instead}` };
  }

  const parts = cron.split(' ');
  if (parts.length !== cronFields.length) {
    return { ok: false, problem: `a cron expression has 5 fields (${fieldList}), and ${quoteForMessage(cron)} has ${parts.length}` };
  }
  const values: number[][] = [];
  for (const [index, field] of cronFields.entries()) {
    const read = readCronField(field, parts[index]!);
    if (typeof read === 'string') return { ok: false, problem: read };
    values.push(read);
  }

  // With day-of-week left open, only the day of the month decides, and it may not exist at all.
  const [, , dayOfMonth = '*', , dayOfWeek = '*'] = parts;
  const [, , days = [], months = []] = values;
  if (!dayOfMonth.startsWith('*') && dayOfWeek.startsWith('*')) {
    const firstDay = Math.min(...days);
    if (months.every((month) => longestMonth[month - 1]! < firstDay)) {
      return { ok: false, problem: `the schedule would never run: no month in ${quoteForMessage(parts[3]!)} has a day ${firstDay}` };
    }
  }
  return { ok: true, cron };
}

/** A cron expression in the normal form parseCronExpression returns. */
export const CronExpressionSchema = z.string().refine((text) => {
  const parsed = parseCronExpression(text);
  return parsed.ok && parsed.cron === text;
}, 'a five-field cron expression such as "0 2 * * *", lower case, single spaces');

/** The values a field stands for, or a problem. */
function readCronField(field: CronField, text: string): number[] | string {
  const values: number[] = [];
  for (const item of text.split(',')) {
    const read = readCronItem(field, item, text);
    if (typeof read === 'string') return read;
    values.push(...read);
  }
  return values;
}

// One list item: `*`, `n` or `a-b`, each optionally followed by `/step` (`5/15` is 5 to the end).
function readCronItem(field: CronField, item: string, wholeField: string): number[] | string {
  const shown = quoteForMessage(wholeField);
  const [range = '', stepText, ...extra] = item.split('/');
  if (extra.length > 0 || range === '') return describeSyntaxProblem(field, shown);

  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d{1,9}$/u.test(stepText)) return describeSyntaxProblem(field, shown);
    step = Number(stepText);
    if (step < 1) return `the ${field.name} step in ${shown} must be at least 1`;
  }

  let start = field.min;
  let end = field.max;
  if (range !== '*') {
    const [first = '', last, ...more] = range.split('-');
    if (more.length > 0) return describeSyntaxProblem(field, shown);
    const from = readCronValue(field, first);
    const to = last === undefined ? from : readCronValue(field, last);
    if (from === undefined || to === undefined) return describeSyntaxProblem(field, shown);
    if (from < field.min || from > field.max || to < field.min || to > field.max) {
      return `the ${field.name} field ${shown} must be within ${field.min}-${field.max}`;
    }
    if (to < from) return `the ${field.name} range ${quoteForMessage(range)} runs backwards`;
    start = from;
    end = last === undefined && stepText !== undefined ? field.max : to;
  }
  const values: number[] = [];
  for (let value = start; value <= end; value += step) values.push(value);
  return values;
}

function readCronValue(field: CronField, text: string): number | undefined {
  if (/^\d{1,9}$/u.test(text)) return Number(text);
  const index = field.names?.indexOf(text) ?? -1;
  return index === -1 ? undefined : index + (field.firstNameValue ?? 0);
}

function describeSyntaxProblem(field: CronField, shown: string): string {
  const names = field.names === undefined ? '' : ` or a name such as ${field.names[1]}`;
  return `the ${field.name} field ${shown} is not a number${names}, a range (1-5), a step (*/15) or a list (1,15)`;
}
