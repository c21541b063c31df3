import { describe, expect, it } from 'vitest';
import { computeFitness, findBestEpoch } from './fitness.ts';
import { parseResultsCsv } from './parse-results-csv.ts';

describe('computeFitness', () => {
  it('weighs box mAP50 by 0.1 and mAP50-95 by 0.9 for detect and obb', () => {
    expect(computeFitness('detect', { precision: 1, recall: 1, mAP50: 0.5, 'mAP50-95': 0.3 })).toBeCloseTo(0.32, 12);
    expect(computeFitness('obb', { mAP50: 0.5, 'mAP50-95': 0.3 })).toBeCloseTo(0.32, 12);
  });

  it('adds the mask fitness for segment and the keypoint fitness for pose', () => {
    expect(computeFitness('segment', { mAP50: 0.5, 'mAP50-95': 0.3, 'mAP50(M)': 0.4, 'mAP50-95(M)': 0.2 })).toBeCloseTo(0.32 + 0.22, 12);
    expect(computeFitness('pose', { mAP50: 0.5, 'mAP50-95': 0.3, 'mAP50(P)': 0.6, 'mAP50-95(P)': 0.1 })).toBeCloseTo(0.32 + 0.15, 12);
  });

  it('averages top-1 and top-5 for classify', () => {
    expect(computeFitness('classify', { top1: 0.8, top5: 1 })).toBeCloseTo(0.9, 12);
  });

  it('is null when a needed metric is missing or not finite', () => {
    expect(computeFitness('segment', { mAP50: 0.5, 'mAP50-95': 0.3 })).toBeNull();
    expect(computeFitness('detect', { mAP50: Number.NaN, 'mAP50-95': 0.3 })).toBeNull();
    expect(computeFitness('classify', { top1: Number.POSITIVE_INFINITY, top5: 1 })).toBeNull();
  });
});

describe('findBestEpoch', () => {
  const csv = (rows: string[]) => parseResultsCsv(['epoch,metrics/mAP50(B),metrics/mAP50-95(B)', ...rows].join('\n'));

  it('picks the last epoch that reaches the running maximum, as best.pt is rewritten on a tie', () => {
    const best = findBestEpoch(csv(['1,0.5,0.3', '2,0.6,0.4', '3,0.6,0.4', '4,0.55,0.35']));
    expect(best).toMatchObject({ epoch: 3, epochNumber: 3, rowIndex: 2 });
    expect(best?.fitness).toBeCloseTo(0.42, 12);
  });

  it('never lets a lower later epoch replace the best', () => {
    expect(findBestEpoch(csv(['1,0.9,0.8', '2,0.1,0.1']))?.epoch).toBe(1);
  });

  it('passes over epochs whose metrics are nan', () => {
    expect(findBestEpoch(csv(['1,0.5,0.3', '2,nan,nan', '3,0.4,0.2']))?.epoch).toBe(1);
  });

  it('is null when no epoch has a finite fitness', () => {
    expect(findBestEpoch(csv(['1,nan,nan']))).toBeNull();
  });

  it('counts a 0-based file from 1 in epochNumber', () => {
    expect(findBestEpoch(csv(['0,0.5,0.3', '1,0.4,0.2']))).toMatchObject({ epoch: 0, epochNumber: 1 });
  });
});
