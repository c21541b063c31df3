import { describe, expect, it } from 'vitest';
import { formatMetricDifference, formatMetricValue, orderMetricNames } from './format-metric.ts';

describe('orderMetricNames', () => {
  it('puts the headline metrics first and unknown ones alphabetically after', () => {
    expect(orderMetricNames(['recall', 'zeta', 'mAP50-95', 'alpha', 'mAP50', 'precision', 'mAP50'])).toEqual([
      'mAP50',
      'mAP50-95',
      'precision',
      'recall',
      'alpha',
      'zeta',
    ]);
  });
});

describe('formatMetricDifference', () => {
  it('shows the sign and an arrow that agree with the three decimals shown', () => {
    expect(formatMetricDifference(0.9153, 0.9001)).toBe('▲ +0.015');
    expect(formatMetricDifference(0.8611, 0.8731)).toBe('▼ −0.012');
    // 0.61012 and 0.6101 both show as 0.610: no arrow for a change nobody can see.
    expect(formatMetricDifference(0.61012, 0.6101)).toBe('= 0.000');
  });

  it('has nothing to say when either side is missing or not a number', () => {
    expect(formatMetricDifference(0.5, null)).toBeUndefined();
    expect(formatMetricDifference(Number.NaN, 0.5)).toBeUndefined();
    expect(formatMetricValue(undefined)).toBe('n/a');
  });
});
