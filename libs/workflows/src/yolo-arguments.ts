import type { ParameterSpecs, ParameterValue } from '@trainops/contracts';

// Ultralytics reads `key=value` the way Python reads literals: `5` is an int, `5.0` a float,
// `True` a bool, anything else text. Each value is written so it reads back as the type its spec
// says, and each pair is one argv element, so no value is ever parsed by a shell.

/** One `key=value` argv element for a validated parameter. */
export function formatYoloArgument(key: string, value: ParameterValue, specs: ParameterSpecs): string {
  return `${key}=${formatYoloValue(value, specs[key]?.type)}`;
}

function formatYoloValue(value: ParameterValue, type: string | undefined): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    // A float spec whose value happens to be whole (lrf=1) must still read as a float.
    if (type === 'float' && Number.isInteger(value) && Math.abs(value) < 1e21) return `${value}.0`;
    return String(value);
  }
  return value;
}

/** The `yolo` argv elements for every validated parameter, in the order of the project's specs. */
export function buildYoloParameterArguments(params: Record<string, ParameterValue>, specs: ParameterSpecs): string[] {
  return Object.entries(params).map(([key, value]) => formatYoloArgument(key, value, specs));
}
