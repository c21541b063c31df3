import { describe, expect, it } from 'vitest';
import { buildEpochLearningRates, resolveOptimizer, roundHalfEven, warmupIterations } from './lr-schedule.ts';
import { formatG } from './python-format.ts';
import { hasReferenceFiles, readReferenceCsv, referenceNote } from './testing/reference-files.ts';
import { catchYoloError } from './testing/catch-yolo-error.ts';

function lrColumns(file: string): string[] {
  const { header, rows } = readReferenceCsv(file);
  const first = header.split(',').findIndex((name) => name.startsWith('lr/'));
  return rows.map((row) => row.slice(first).join(','));
}

describe('the learning-rate schedule', () => {
  it.skipIf(!hasReferenceFiles)(`reproduces every lr column of a real 50-epoch YOLO26 detect run (2 classes, 27 batches)${referenceNote}`, () => {
    const optimizer = resolveOptimizer({ requested: 'auto', lr0: 0.01, momentum: 0.937, warmupBiasLr: 0.1, nc: 2, iterations: 350 });
    expect(optimizer.name).toBe('AdamW');
    const schedule = { optimizer, epochs: 50, lrf: 0.01, cosLr: false, warmupEpochs: 3, batchesPerEpoch: 27 };
    const mine = Array.from({ length: 50 }, (_, epoch) => buildEpochLearningRates(epoch, schedule).map((lr) => formatG(lr, 6)).join(','));
    expect(mine).toEqual(lrColumns('AbishekEchno77__yolo26-nutrition-detector__detect-yolo26n-time-column.csv'));
  });

  it.skipIf(!hasReferenceFiles)(`reproduces the lr columns of a real 10-epoch classify run (10 classes, 108 batches)${referenceNote}`, () => {
    const optimizer = resolveOptimizer({ requested: 'auto', lr0: 0.01, momentum: 0.937, warmupBiasLr: 0.1, nc: 10, iterations: 270 });
    const schedule = { optimizer, epochs: 10, lrf: 0.01, cosLr: false, warmupEpochs: 3, batchesPerEpoch: 108 };
    const mine = Array.from({ length: 10 }, (_, epoch) => buildEpochLearningRates(epoch, schedule).map((lr) => formatG(lr, 6)).join(','));
    expect(mine).toEqual(lrColumns('Alexandor136__YOLOv11_cls__classify-yolo11-time-column.csv'));
  });

  it('picks MuSGD for long runs, with eight groups in pairs of 3× and 1× lr', () => {
    const optimizer = resolveOptimizer({ requested: 'auto', lr0: 0.01, momentum: 0.937, warmupBiasLr: 0.1, nc: 3, iterations: 20000 });
    expect(optimizer.name).toBe('MuSGD');
    expect(optimizer.groupLearningRates).toEqual([0.03, 0.01, 0.03, 0.01, 0.03, 0.01, 0.03, 0.01]);
    expect(optimizer.warmupBiasLr).toBe(0);
  });

  it('warms SGD biases down from warmup_bias_lr while other groups rise from 0', () => {
    const optimizer = resolveOptimizer({ requested: 'sgd', lr0: 0.01, momentum: 0.937, warmupBiasLr: 0.1, nc: 3, iterations: 100 });
    expect(optimizer.name).toBe('SGD');
    const [bias, weights] = buildEpochLearningRates(0, { optimizer, epochs: 10, lrf: 0.01, cosLr: false, warmupEpochs: 3, batchesPerEpoch: 50 });
    expect(bias).toBeCloseTo(0.1 + (0.01 - 0.1) * (49 / 150), 12);
    expect(weights).toBeCloseTo((0.01 * 49) / 150, 12);
  });

  it('refuses an unknown optimizer with Ultralytics wording', () => {
    const error = catchYoloError(() => resolveOptimizer({ requested: 'Lion', lr0: 0.01, momentum: 0.9, warmupBiasLr: 0.1, nc: 1, iterations: 1 }));
    expect(error.pythonType).toBe('NotImplementedError');
    expect(error.message).toBe(
      "Optimizer 'Lion' not found in list of available optimizers {'SGD', 'MuSGD', 'Adam', 'Adamax', 'AdamW', 'NAdam', 'RAdam', 'RMSProp', 'auto'}. Request support for additional optimizers at https://github.com/ultralytics/ultralytics.",
    );
  });

  it('rounds like Python and warms up for at least 100 iterations', () => {
    expect([roundHalfEven(2.5), roundHalfEven(3.5), roundHalfEven(0.0016666666, 6)]).toEqual([2, 4, 0.001667]);
    expect([warmupIterations(3, 10), warmupIterations(3, 400), warmupIterations(0, 400)]).toEqual([100, 1200, -1]);
  });
});
