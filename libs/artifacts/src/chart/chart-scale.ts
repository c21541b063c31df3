// Axis ranges and tick marks at round numbers (1, 2 or 5 times a power of ten), the classic
// "nice numbers" method, so a reader can interpolate between grid lines at a glance.

export interface AxisScale {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

function niceNumber(value: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(value));
  const fraction = value / 10 ** exponent;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

/** A range covering [min, max] with about `targetTicks` ticks; `integer` keeps steps whole. */
export function buildAxisScale(min: number, max: number, options: { targetTicks?: number; integer?: boolean } = {}): AxisScale {
  let low = Number.isFinite(min) ? min : 0;
  let high = Number.isFinite(max) ? max : 1;
  if (low > high) [low, high] = [high, low];
  if (high - low < 1e-12) {
    // A flat series still needs a visible range around it.
    const pad = Math.abs(low) > 1e-12 ? Math.abs(low) * 0.5 : 1;
    low -= pad;
    high += pad;
  }
  const targetTicks = Math.max(2, options.targetTicks ?? 6);
  let step = niceNumber(niceNumber(high - low, false) / (targetTicks - 1), true);
  if (options.integer) step = Math.max(1, Math.round(step));
  const niceMin = Math.floor(low / step + 1e-9) * step;
  const niceMax = Math.ceil(high / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let index = 0; niceMin + index * step <= niceMax + step * 1e-9; index += 1) {
    ticks.push(Number((niceMin + index * step).toPrecision(12)));
  }
  return { min: niceMin, max: niceMax, step, ticks };
}

/** A tick label with as many decimals as the step needs. */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
