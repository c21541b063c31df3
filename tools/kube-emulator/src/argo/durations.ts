// Argo durations: a bare number is seconds ("1", "30"), anything else is Go's time.ParseDuration
// syntax ("500ms", "2m", "1h30m"). Returned in milliseconds.

const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export function parseArgoDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new Error(`invalid duration ${String(value)}`);
    return value * 1000;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = part.exec(text)) !== null) {
    total += Number(match[1]) * (unitMs[match[2] ?? ''] ?? Number.NaN);
    consumed = part.lastIndex;
  }
  if (text === '' || consumed !== text.length || !Number.isFinite(total)) {
    throw new Error(`invalid duration "${text}": use seconds ("30") or a Go duration ("90s", "2m", "1h30m")`);
  }
  return total;
}

/** Like argoproj/pkg humanize.Duration: "1 second", "2 minutes 5 seconds". */
export function formatHumanDuration(ms: number): string {
  let seconds = Math.max(0, Math.round(ms / 1000));
  const parts: string[] = [];
  const units: Array<[string, number]> = [
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  for (const [name, size] of units) {
    const count = Math.floor(seconds / size);
    seconds -= count * size;
    if (count > 0) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
  }
  return parts.length === 0 ? '0 seconds' : parts.join(' ');
}
