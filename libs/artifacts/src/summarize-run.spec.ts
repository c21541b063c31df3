import { describe, expect, it } from 'vitest';
import { parseArgsYaml } from './parse-args-yaml.ts';
import { parseResultsCsv } from './parse-results-csv.ts';
import { compareWithProduction, summarizeRun } from './summarize-run.ts';

const detect = parseResultsCsv(
  [
    'epoch,time,train/box_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),val/box_loss,lr/pg0',
    '1,60,1.2,0.5,0.4,0.5,0.3,1.3,0.01',
    '2,120,1.1,0.7,0.6,0.8,0.6,1.2,0.01',
    '3,30,1.0,0.6,0.5,0.7,0.5,1.1,0.01',
    '4,61,0.9,nan,0.5,0.7,0.5,1.1,0.01',
  ].join('\n'),
);

describe('summarizeRun', () => {
  it('gives final and best-epoch metrics, epochs and training time over resumed segments', () => {
    expect(summarizeRun(detect, parseArgsYaml('task: detect\nepochs: 10\nmodel: yolo26n.pt\n'))).toEqual({
      task: 'detect',
      metricNames: ['precision', 'recall', 'mAP50', 'mAP50-95'],
      epochsRun: 4,
      epochsPlanned: 10,
      trainingSeconds: 120 + 61,
      resumeCount: 1,
      final: { epoch: 4, fitness: expect.closeTo(0.52, 12), metrics: { precision: null, recall: 0.5, mAP50: 0.7, 'mAP50-95': 0.5 } },
      best: { epoch: 2, fitness: expect.closeTo(0.62, 12), metrics: { precision: 0.7, recall: 0.6, mAP50: 0.8, 'mAP50-95': 0.6 } },
      model: 'yolo26n.pt',
    });
  });

  it('is JSON-safe: a nan metric becomes null, so the stored summary reads back the same', () => {
    const summary = summarizeRun(detect);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('reports the task’s own metrics for segment and classify', () => {
    const segment = parseResultsCsv(
      'epoch,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),metrics/precision(M),metrics/recall(M),metrics/mAP50(M),metrics/mAP50-95(M)\n1,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8',
    );
    expect(Object.keys(summarizeRun(segment).final.metrics)).toEqual(['precision', 'recall', 'mAP50', 'mAP50-95', 'precision(M)', 'recall(M)', 'mAP50(M)', 'mAP50-95(M)']);
    const classify = parseResultsCsv('epoch,train/loss,metrics/accuracy_top1,metrics/accuracy_top5\n1,0.5,0.8,1');
    expect(summarizeRun(classify)).toMatchObject({ task: 'classify', final: { metrics: { top1: 0.8, top5: 1 } }, trainingSeconds: null, epochsPlanned: null, model: null });
  });

  it('takes OBB from args.yaml when the columns cannot tell it from detect', () => {
    expect(summarizeRun(detect, parseArgsYaml('task: obb')).task).toBe('obb');
    expect(summarizeRun(detect, parseArgsYaml('task: segment')).task).toBe('detect');
  });

  it('has no best epoch when no epoch has a finite fitness', () => {
    const diverged = parseResultsCsv('epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n1,nan,nan');
    expect(summarizeRun(diverged).best).toBeNull();
  });
});

describe('compareWithProduction', () => {
  it('gives signed differences per metric in canonical order, rounded past float noise', () => {
    expect(compareWithProduction({ 'mAP50-95': 0.87231, mAP50: 0.97783, recall: 0.9 }, { mAP50: 0.98, 'mAP50-95': 0.84231, recall: 0.9, fitness: 0.5 })).toEqual([
      { metric: 'recall', current: 0.9, production: 0.9, difference: 0, change: 'same' },
      { metric: 'mAP50', current: 0.97783, production: 0.98, difference: -0.00217, change: 'down' },
      { metric: 'mAP50-95', current: 0.87231, production: 0.84231, difference: 0.03, change: 'up' },
    ]);
  });

  it('leaves the difference empty when a side has no usable value', () => {
    expect(compareWithProduction({ top1: 0.9, top5: null }, { top1: 'n/a', top5: 1 })).toEqual([
      { metric: 'top1', current: 0.9, production: null, difference: null, change: 'unknown' },
      { metric: 'top5', current: null, production: 1, difference: null, change: 'unknown' },
    ]);
  });

  it('compares a summary’s best metrics with a stored production summary', () => {
    const current = summarizeRun(detect);
    const production = JSON.parse(JSON.stringify(summarizeRun(parseResultsCsv('epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n1,0.75,0.55')))) as typeof current;
    const differences = compareWithProduction(current.best?.metrics ?? {}, production.best?.metrics ?? {});
    expect(differences.map((entry) => [entry.metric, entry.difference])).toEqual([
      ['precision', null],
      ['recall', null],
      ['mAP50', 0.05],
      ['mAP50-95', 0.05],
    ]);
  });
});
