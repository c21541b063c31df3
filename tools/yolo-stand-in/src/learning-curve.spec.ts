import { describe, expect, it } from 'vitest';
import { computeFitness, simulateTraining } from './learning-curve.ts';
import { resolveOptimizer } from './lr-schedule.ts';

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('simulateTraining', () => {
  const run = simulateTraining({ task: 'detect', epochs: 60, seed: 0, nc: 6 });

  it('gives the same curve for the same seed and a different one for another seed', () => {
    expect(simulateTraining({ task: 'detect', epochs: 60, seed: 0, nc: 6 })).toEqual(run);
    expect(simulateTraining({ task: 'detect', epochs: 60, seed: 1, nc: 6 })).not.toEqual(run);
  });

  it('lets losses fall and mAP rise, then level off', () => {
    const box = run.map((row) => row.trainLosses['train/box_loss'] ?? 0);
    const map = run.map((row) => row.metrics['metrics/mAP50-95(B)'] ?? 0);
    expect(mean(box.slice(-10))).toBeLessThan(mean(box.slice(0, 5)) * 0.7);
    expect(mean(map.slice(-10))).toBeGreaterThan(mean(map.slice(0, 3)) + 0.15);
    // Saturation: the last ten epochs move far less than the first ten.
    expect(Math.abs(mean(map.slice(-5)) - mean(map.slice(-10, -5)))).toBeLessThan(Math.abs(mean(map.slice(5, 10)) - mean(map.slice(0, 5))));
  });

  it('keeps metrics within 0..1 and rounds every value to 5 decimals', () => {
    for (const row of run) {
      for (const value of [...Object.values(row.metrics), ...Object.values(row.trainLosses), ...Object.values(row.valLosses)]) {
        expect(Number(value.toFixed(5))).toBe(value);
      }
      for (const value of Object.values(row.metrics)) expect(value >= 0 && value <= 1).toBe(true);
    }
  });

  it('scores fitness as Ultralytics does for each task', () => {
    expect(computeFitness('detect', { 'metrics/mAP50(B)': 0.5, 'metrics/mAP50-95(B)': 0.3 })).toBeCloseTo(0.32, 10);
    expect(computeFitness('classify', { 'metrics/accuracy_top1': 0.8, 'metrics/accuracy_top5': 1 })).toBeCloseTo(0.9, 10);
    expect(computeFitness('segment', { 'metrics/mAP50(B)': 0.5, 'metrics/mAP50-95(B)': 0.3, 'metrics/mAP50(M)': 0.4, 'metrics/mAP50-95(M)': 0.2 })).toBeCloseTo(0.54, 10);
  });

  it('writes the task’s columns: sem_loss stays 0, RLE goes below zero, top5 is 1 with five classes or fewer', () => {
    const segment = simulateTraining({ task: 'segment', epochs: 30, seed: 3, nc: 2 });
    expect(segment.every((row) => row.trainLosses['train/sem_loss'] === 0 && row.valLosses['val/sem_loss'] === 0)).toBe(true);
    const pose = simulateTraining({ task: 'pose', epochs: 100, seed: 3, nc: 1 });
    expect(pose.at(-1)?.trainLosses['train/rle_loss']).toBeLessThan(0);
    const classify = simulateTraining({ task: 'classify', epochs: 10, seed: 3, nc: 4 });
    expect(classify.every((row) => row.metrics['metrics/accuracy_top5'] === 1)).toBe(true);
  });

  it('adds one lr per optimizer group when given the schedule', () => {
    const optimizer = resolveOptimizer({ requested: 'MuSGD', lr0: 0.01, momentum: 0.9, warmupBiasLr: 0.1, nc: 2, iterations: 10 });
    const rows = simulateTraining({ task: 'detect', epochs: 3, seed: 0, nc: 2, schedule: { optimizer, epochs: 3, lrf: 0.01, cosLr: false, warmupEpochs: 3, batchesPerEpoch: 10 } });
    expect(rows.every((row) => row.learningRates.length === 8)).toBe(true);
  });
});
