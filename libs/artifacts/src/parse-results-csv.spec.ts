import { describe, expect, it } from 'vitest';
import { InputError } from '@trainops/contracts';
import { ResultsParseError } from './artifact-errors.ts';
import { epochNumber, parseResultsCsv, parseResultsNumber } from './parse-results-csv.ts';
import { resultsTasks } from './results-columns.ts';
import { currentResultsHeaders, resultsRow, withLearningRateGroups } from './testing/current-headers.ts';

const pad = (cells: readonly (string | number)[]) => cells.map((cell) => String(cell).padStart(23)).join(',');

// 8.0.x wrote `%23s,` headers and `%23.5g,` values and counted epochs from 0.
const paddedDetect = [
  pad(['epoch', 'train/box_loss', 'train/cls_loss', 'train/dfl_loss', 'metrics/precision(B)', 'metrics/recall(B)', 'metrics/mAP50(B)', 'metrics/mAP50-95(B)', 'val/box_loss', 'val/cls_loss', 'val/dfl_loss', 'lr/pg0', 'lr/pg1', 'lr/pg2']),
  pad([0, 1.6878, 3.3859, 2.143, 0.1762, 0.2, 0.15826, 0.05583, 2.335, 2.822, 3.3394, 0.070545, 0.0032727, 0.0032727]),
  pad([1, 1.267, 1.9629, 1.8428, 0.34394, 0.30556, 0.25946, 0.12497, 2.2896, 2.6209, 3.4364, 0.040284, 0.0063445, 0.0063445]),
  '',
].join('\n');

/** A row for a header: epoch 1, then 0.5 in every other column. */
function rowFor(header: string): string {
  return resultsRow(header.split(',').map((_, index) => (index === 0 ? 1 : 0.5)));
}

function rejection(text: string): ResultsParseError {
  try {
    parseResultsCsv(text);
  } catch (error) {
    if (error instanceof ResultsParseError) return error;
    throw new Error(`expected a ResultsParseError, got ${String(error)}`);
  }
  throw new Error('expected parseResultsCsv to throw');
}

describe('parseResultsCsv', () => {
  it('reads the old padded format with epochs from 0 and no time column', () => {
    const table = parseResultsCsv(paddedDetect);
    expect(table).toMatchObject({
      task: 'detect',
      metricNames: ['precision', 'recall', 'mAP50', 'mAP50-95'],
      trainLossNames: ['box_loss', 'cls_loss', 'dfl_loss'],
      valLossNames: ['box_loss', 'cls_loss', 'dfl_loss'],
      learningRateGroups: 3,
      hasTime: false,
      epochBase: 0,
    });
    expect(table.rows[1]).toEqual({
      line: 3,
      epoch: 1,
      time: null,
      trainLosses: { box_loss: 1.267, cls_loss: 1.9629, dfl_loss: 1.8428 },
      valLosses: { box_loss: 2.2896, cls_loss: 2.6209, dfl_loss: 3.4364 },
      metrics: { precision: 0.34394, recall: 0.30556, mAP50: 0.25946, 'mAP50-95': 0.12497 },
      learningRates: [0.040284, 0.0063445, 0.0063445],
      extra: {},
    });
    expect(epochNumber(table, table.rows[1] ?? { epoch: -1 })).toBe(2);
  });

  it.each(resultsTasks)('reads the %s columns the current trainer writes, with time and 8 lr groups', (task) => {
    const header = withLearningRateGroups(currentResultsHeaders[task], 8);
    const width = header.split(',').length;
    const row = resultsRow(Array.from({ length: width }, (_, index) => (index === 0 ? 1 : index === 1 ? 12.5 : index / 100)));
    const table = parseResultsCsv(`${header}\n${row}\n`);
    expect(table.task).toBe(task);
    expect(table.hasTime).toBe(true);
    expect(table.learningRateGroups).toBe(8);
    expect(table.epochBase).toBe(1);
    expect(table.rows[0]?.time).toBe(12.5);
    expect(table.rows[0]?.learningRates).toHaveLength(8);
  });

  it('names segment, pose and classify metrics canonically', () => {
    const segment = parseResultsCsv(`${currentResultsHeaders.segment}\n${rowFor(currentResultsHeaders.segment)}`);
    expect(segment.metricNames).toEqual(['precision', 'recall', 'mAP50', 'mAP50-95', 'precision(M)', 'recall(M)', 'mAP50(M)', 'mAP50-95(M)']);
    const pose = parseResultsCsv(`${currentResultsHeaders.pose}\n${rowFor(currentResultsHeaders.pose)}`);
    expect(pose.metricNames).toEqual(['precision', 'recall', 'mAP50', 'mAP50-95', 'precision(P)', 'recall(P)', 'mAP50(P)', 'mAP50-95(P)']);
    expect(pose.trainLossNames).toContain('rle_loss');
    const classify = parseResultsCsv('epoch,time,train/loss,metrics/accuracy_top1,metrics/accuracy_top5,val/loss,lr/pg0,lr/pg1,lr/pg2\n1,2,0.3,0.9,1,0.1,0.01,0.01,0.01');
    expect(classify.metricNames).toEqual(['top1', 'top5']);
    expect(classify.rows[0]?.trainLosses).toEqual({ loss: 0.3 });
  });

  it('tells OBB from detect by its angle loss', () => {
    expect(parseResultsCsv(`${currentResultsHeaders.obb}\n${rowFor(currentResultsHeaders.obb)}`).trainLossNames).toContain('angle_loss');
  });

  it('reads YOLOv5-style metric and learning-rate names as the same canonical names', () => {
    const table = parseResultsCsv(
      [
        pad(['epoch', 'train/box_loss', 'train/obj_loss', 'train/cls_loss', 'metrics/precision', 'metrics/recall', 'metrics/mAP_0.5', 'metrics/mAP_0.5:0.95', 'val/box_loss', 'val/obj_loss', 'val/cls_loss', 'x/lr0', 'x/lr1', 'x/lr2']),
        pad([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.1, 0.2, 0.3, 0.01, 0.02, 0.03]),
      ].join('\n'),
    );
    expect(table.task).toBe('detect');
    expect(table.rows[0]?.metrics).toEqual({ precision: 0.4, recall: 0.5, mAP50: 0.6, 'mAP50-95': 0.7 });
    expect(table.rows[0]?.learningRates).toEqual([0.01, 0.02, 0.03]);
  });

  it('keeps nan and inf values as numbers, and unknown columns as extra', () => {
    const table = parseResultsCsv(
      'epoch,time,train/box_loss,metrics/mAP50(B),metrics/mAP50-95(B),metrics/speed_ms,lr/pg0\n1,1.5,nan,inf,-inf,3.2,NaN\n',
    );
    const row = table.rows[0];
    expect(row?.trainLosses.box_loss).toBeNaN();
    expect(row?.metrics.mAP50).toBe(Number.POSITIVE_INFINITY);
    expect(row?.metrics['mAP50-95']).toBe(Number.NEGATIVE_INFINITY);
    expect(row?.learningRates[0]).toBeNaN();
    expect(row?.extra).toEqual({ 'metrics/speed_ms': 3.2 });
  });

  it('skips blank lines, a byte-order mark, CRLF line ends and a trailing separator', () => {
    const text = '\uFEFFepoch,metrics/mAP50(B),metrics/mAP50-95(B),\r\n1,0.5,0.3,\r\n\r\n2,0.6,0.4,\r\n\r\n\r\n';
    const table = parseResultsCsv(text);
    expect(table.columns).toEqual(['epoch', 'metrics/mAP50(B)', 'metrics/mAP50-95(B)']);
    expect(table.rows.map((row) => [row.line, row.epoch])).toEqual([
      [2, 1],
      [4, 2],
    ]);
  });

  it('keeps a resumed run whose time starts again', () => {
    const table = parseResultsCsv('epoch,time,metrics/mAP50(B),metrics/mAP50-95(B)\n1,100,0.1,0.05\n2,200,0.2,0.1\n3,90,0.3,0.2\n');
    expect(table.rows.map((row) => row.time)).toEqual([100, 200, 90]);
  });

  it.each([
    ['', 1, 'results.csv line 1: the file is empty'],
    ['\n\n', 1, 'results.csv line 1: the file is empty'],
    ['1,0.5,0.3\n2,0.6,0.4', 1, 'results.csv line 1: expected the header naming the columns (epoch, …) but found a row of numbers; the header is missing'],
    ['step,mAP\n1,0.5', 1, 'results.csv line 1: the header has no "epoch" column, so this is not an Ultralytics results.csv (it starts with "step,mAP")'],
    ['epoch,train/box_loss\n1,0.5', 1, 'results.csv line 1: the header has none of the metric columns Ultralytics writes (metrics/mAP50-95(B), metrics/accuracy_top1, …)'],
    ['epoch,metrics/mAP50(B),metrics/mAP50(B)\n1,2,3', 1, 'results.csv line 1: column "metrics/mAP50(B)" appears twice in the header'],
    ['epoch,,metrics/mAP50(B)\n1,2,3', 1, 'results.csv line 1: column 2 of the header has no name'],
    ['epoch,metrics/mAP50(B)\n', 1, 'results.csv line 1: the header has no epoch rows after it yet'],
    ['epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n1,0.5,0.3\n2,0.6', 3, 'results.csv line 3: expected 3 values (one per column) but found 2'],
    ['epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n1,0.5,0.3,0.1,0.2', 2, 'results.csv line 2: expected 3 values (one per column) but found 5'],
    ['epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n\n1,0.5,abc', 3, 'results.csv line 3: "abc" in column "metrics/mAP50-95(B)" is not a number'],
    ['epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n1,,0.3', 2, 'results.csv line 2: an empty value in column "metrics/mAP50(B)" is not a number'],
    ['epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n1.5,0.5,0.3', 2, 'results.csv line 2: epoch "1.5" is not a whole number from 0 up'],
    ['epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n1,0x1F,0.3', 2, 'results.csv line 2: "0x1F" in column "metrics/mAP50(B)" is not a number'],
  ])('refuses malformed text %j at line %i with a typed error', (text, line, message) => {
    const error = rejection(text);
    expect(error).toBeInstanceOf(InputError);
    expect(error.line).toBe(line);
    expect(error.message).toBe(message);
    expect(error.details).toEqual({ line });
  });

  it('refuses something that is not text with the same typed error', () => {
    expect(rejection(undefined as unknown as string).message).toBe('results.csv line 1: expected the text of the file');
  });
});

describe('parseResultsNumber', () => {
  it('reads what Python %g writes and nothing else', () => {
    expect(['1', '-2.5', '1e-05', '4.96766e-05', '.5', '+3', 'nan', 'inf', '-inf'].map(parseResultsNumber)).toEqual([1, -2.5, 1e-5, 4.96766e-5, 0.5, 3, Number.NaN, Infinity, -Infinity]);
    expect(['', ' ', '1,5', 'tensor(0.5)', '1e', '--1', 'Infinityx'].map(parseResultsNumber)).toEqual(Array(7).fill(undefined));
  });
});
