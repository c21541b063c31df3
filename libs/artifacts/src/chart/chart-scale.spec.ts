import { describe, expect, it } from 'vitest';
import { buildAxisScale, formatTick } from './chart-scale.ts';

describe('buildAxisScale', () => {
  it('covers the data with ticks at round steps', () => {
    expect(buildAxisScale(0, 1)).toEqual({ min: 0, max: 1, step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(buildAxisScale(-1.66, 14.19)).toMatchObject({ min: -5, max: 15, step: 5, ticks: [-5, 0, 5, 10, 15] });
  });

  it('keeps epoch steps whole', () => {
    expect(buildAxisScale(1, 3, { integer: true, targetTicks: 8 }).ticks).toEqual([1, 2, 3]);
    expect(buildAxisScale(1, 100, { integer: true, targetTicks: 8 })).toMatchObject({ min: 0, max: 100, step: 10 });
  });

  it('opens up a range around a single value', () => {
    expect(buildAxisScale(1, 1, { integer: true })).toMatchObject({ min: 0, max: 2 });
    expect(buildAxisScale(0, 0)).toMatchObject({ min: -1, max: 1 });
  });
});

describe('formatTick', () => {
  it('shows as many decimals as the step needs and no negative zero', () => {
    expect([formatTick(0.4, 0.2), formatTick(10, 5), formatTick(0.05, 0.01), formatTick(-0, 0.5)]).toEqual(['0.4', '10', '0.05', '0.0']);
  });
});
