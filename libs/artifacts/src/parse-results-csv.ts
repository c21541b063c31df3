import { ResultsParseError } from './artifact-errors.ts';
import type { MetricName, ResultsTask } from './results-columns.ts';
import { identifyColumn, metricNames, recogniseTask } from './results-columns.ts';
import type { ColumnRole } from './results-columns.ts';

// Ultralytics' results.csv, every generation of it: 8.0's padded columns (`%23s,` headers and
// `%23.5g,` values, epochs from 0, no `time`), the plain CSV with `time` of later versions, 3 or 8
// `lr/pg*` groups, and the columns of each task. Values are Python `%g` output, so `nan` and `inf`
// are real possibilities after a diverged epoch. Anything else is refused with the line number,
// because a half-read file would show wrong metrics as if they were right.

export interface ResultsRow {
  /** 1-based line of the text the row came from. */
  line: number;
  /** As written: old files count from 0, newer ones from 1 (see `ResultsTable.epochBase`). */
  epoch: number;
  /** Seconds since this trainer process started; it restarts when a run is resumed. */
  time: number | null;
  /** By the column's name after `train/`: `box_loss`, `cls_loss`, … (`loss` for classify). */
  trainLosses: Record<string, number>;
  /** By the column's name after `val/`. */
  valLosses: Record<string, number>;
  metrics: Partial<Record<MetricName, number>>;
  /** `lr/pg0`, `lr/pg1`, … in group order. */
  learningRates: number[];
  /** Columns this library does not know, by header name, so nothing written is lost. */
  extra: Record<string, number>;
}

export interface ResultsTable {
  task: ResultsTask;
  /** The header names, trimmed, in file order. */
  columns: string[];
  /** The metrics present, in canonical order. */
  metricNames: MetricName[];
  trainLossNames: string[];
  valLossNames: string[];
  learningRateGroups: number;
  hasTime: boolean;
  /** 0 when the file counts epochs from 0 (ultralytics 8.0), else 1. */
  epochBase: 0 | 1;
  /** At least one row. */
  rows: ResultsRow[];
}

const decimalPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell as Python's `%g` writes it, or undefined when it is not a number. */
export function parseResultsNumber(text: string): number | undefined {
  if (decimalPattern.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return undefined;
}

function splitCells(text: string): string[] {
  const cells = text.split(',').map((cell) => cell.trim());
  // Some writers end every line with the separator; an empty last cell is that, not a column.
  if (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

interface HeaderInfo {
  columns: string[];
  roles: ColumnRole[];
  task: ResultsTask;
}

function readHeader(text: string, line: number): HeaderInfo {
  const columns = splitCells(text);
  if (columns.every((cell) => parseResultsNumber(cell) !== undefined)) {
    throw new ResultsParseError(line, 'expected the header naming the columns (epoch, …) but found a row of numbers; the header is missing');
  }
  const seen = new Set<string>();
  columns.forEach((name, index) => {
    if (name === '') throw new ResultsParseError(line, `column ${index + 1} of the header has no name`);
    if (seen.has(name)) throw new ResultsParseError(line, `column "${name}" appears twice in the header`);
    seen.add(name);
  });
  if (!seen.has('epoch')) {
    throw new ResultsParseError(line, `the header has no "epoch" column, so this is not an Ultralytics results.csv (it starts with "${columns.slice(0, 3).join(',')}")`);
  }
  const roles = columns.map(identifyColumn);
  const metrics = new Set<MetricName>();
  const trainLosses = new Set<string>();
  for (const role of roles) {
    if (role.kind === 'metric') metrics.add(role.name);
    if (role.kind === 'train-loss') trainLosses.add(role.name);
  }
  const task = recogniseTask(metrics, trainLosses);
  if (task === undefined) {
    throw new ResultsParseError(line, 'the header has none of the metric columns Ultralytics writes (metrics/mAP50-95(B), metrics/accuracy_top1, …)');
  }
  return { columns, roles, task };
}

function readRow(header: HeaderInfo, text: string, line: number): ResultsRow {
  const cells = splitCells(text);
  if (cells.length !== header.columns.length) {
    throw new ResultsParseError(line, `expected ${header.columns.length} values (one per column) but found ${cells.length}`);
  }
  const row: ResultsRow = { line, epoch: 0, time: null, trainLosses: {}, valLosses: {}, metrics: {}, learningRates: [], extra: {} };
  const learningRates: Array<[number, number]> = [];
  cells.forEach((cell, index) => {
    const column = header.columns[index] ?? '';
    const role = header.roles[index] ?? { kind: 'extra', name: column };
    const value = parseResultsNumber(cell);
    if (value === undefined) {
      throw new ResultsParseError(line, `${cell === '' ? 'an empty value' : `"${cell}"`} in column "${column}" is not a number`);
    }
    switch (role.kind) {
      case 'epoch':
        if (!Number.isSafeInteger(value) || value < 0) throw new ResultsParseError(line, `epoch "${cell}" is not a whole number from 0 up`);
        row.epoch = value;
        break;
      case 'time':
        row.time = value;
        break;
      case 'train-loss':
        row.trainLosses[role.name] = value;
        break;
      case 'val-loss':
        row.valLosses[role.name] = value;
        break;
      case 'metric':
        row.metrics[role.name] = value;
        break;
      case 'learning-rate':
        learningRates.push([role.group, value]);
        break;
      case 'extra':
        row.extra[role.name] = value;
        break;
    }
  });
  row.learningRates = learningRates.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  return row;
}

/**
 * Parses the text of a results.csv. Throws only `ResultsParseError` (with the 1-based line) for
 * text that is not one: no header, a wrong number of values, a value that is not a number, or
 * no epoch rows yet.
 */
export function parseResultsCsv(text: string): ResultsTable {
  if (typeof text !== 'string') throw new ResultsParseError(1, 'expected the text of the file');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let header: HeaderInfo | undefined;
  let headerLine = 1;
  const rows: ResultsRow[] = [];
  lines.forEach((content, index) => {
    if (content.trim() === '') return;
    const line = index + 1;
    if (header === undefined) {
      header = readHeader(content, line);
      headerLine = line;
    } else {
      rows.push(readRow(header, content, line));
    }
  });
  if (header === undefined) throw new ResultsParseError(1, 'the file is empty');
  const first = rows[0];
  if (first === undefined) throw new ResultsParseError(headerLine, 'the header has no epoch rows after it yet');
  const roles: ColumnRole[] = header.roles;
  const present = new Set(roles.flatMap((role) => (role.kind === 'metric' ? [role.name] : [])));
  return {
    task: header.task,
    columns: header.columns,
    metricNames: metricNames.filter((name) => present.has(name)),
    trainLossNames: roles.flatMap((role) => (role.kind === 'train-loss' ? [role.name] : [])),
    valLossNames: roles.flatMap((role) => (role.kind === 'val-loss' ? [role.name] : [])),
    learningRateGroups: roles.filter((role) => role.kind === 'learning-rate').length,
    hasTime: roles.some((role) => role.kind === 'time'),
    epochBase: first.epoch === 0 ? 0 : 1,
    rows,
  };
}

/** The epoch as people count it (from 1), whatever the file's base. */
export function epochNumber(table: Pick<ResultsTable, 'epochBase'>, row: Pick<ResultsRow, 'epoch'>): number {
  return table.epochBase === 0 ? row.epoch + 1 : row.epoch;
}
