// Metric names and values for result messages. Ultralytics reports metrics in [0, 1] and prints
// them with three decimals; differences are judged on the same three decimals, so the arrow
// always agrees with the digits the reader sees.

/** The order people expect: the headline box metrics first, then masks, keypoints, classes. */
const preferredMetricOrder = [
  'mAP50',
  'mAP50-95',
  'precision',
  'recall',
  'mAP50(M)',
  'mAP50-95(M)',
  'precision(M)',
  'recall(M)',
  'mAP50(P)',
  'mAP50-95(P)',
  'precision(P)',
  'recall(P)',
  'top1',
  'top5',
];

/** Metric names in display order: the known ones as above, any others alphabetically after. */
export function orderMetricNames(names: Iterable<string>): string[] {
  const unique = [...new Set(names)];
  const rank = (name: string) => {
    const index = preferredMetricOrder.indexOf(name);
    return index === -1 ? preferredMetricOrder.length : index;
  };
  return unique.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function isFiniteMetric(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** "0.912"; a missing value reads "n/a". */
export function formatMetricValue(value: number | null | undefined): string {
  return isFiniteMetric(value) ? value.toFixed(3) : 'n/a';
}

/**
 * "▲ +0.012", "▼ −0.004" or "= 0.000": the change from `before` to `after` on three decimals,
 * with a real minus sign so it lines up with the plus. Undefined when either value is missing.
 */
export function formatMetricDifference(after: number | null | undefined, before: number | null | undefined): string | undefined {
  if (!isFiniteMetric(after) || !isFiniteMetric(before)) return undefined;
  const thousandths = Math.round(after * 1000) - Math.round(before * 1000);
  const magnitude = (Math.abs(thousandths) / 1000).toFixed(3);
  if (thousandths > 0) return `▲ +${magnitude}`;
  if (thousandths < 0) return `▼ −${magnitude}`;
  return `= ${magnitude}`;
}
