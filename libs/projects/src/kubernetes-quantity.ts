import { z } from 'zod';

// Kubernetes resource quantities ("500m", "4", "16Gi"). Parsed here so a typo fails when the
// project is loaded, not when the Workflow is refused by the API server.

const quantityPattern = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

const multipliers: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The quantity as a plain number (cores for CPU, bytes for memory), or undefined if malformed. */
export function parseQuantity(text: string): number | undefined {
  const match = quantityPattern.exec(text);
  if (match === null) return undefined;
  const [, amount = '', suffix = ''] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : multipliers[suffix];
  return multiplier === undefined ? undefined : Number(amount) * multiplier;
}

const MEBIBYTE = 2 ** 20;

function quantitySchema(kind: 'cpu' | 'bytes') {
  const example = kind === 'cpu' ? '"500m" or 4' : '"16Gi"';
  return z.unknown().transform((input, ctx) => {
    const text = typeof input === 'number' ? String(input) : input;
    if (typeof text !== 'string') {
      ctx.addIssue({ code: 'custom', message: input === undefined ? 'is required' : `expected a Kubernetes quantity such as ${example}` });
      return z.NEVER;
    }
    const value = parseQuantity(text);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a Kubernetes quantity such as ${example}` });
      return z.NEVER;
    }
    if (value <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be more than zero, got "${text}"` });
      return z.NEVER;
    }
    if (kind === 'bytes' && /[num]$/.test(text)) {
      // "16m" is 16 thousandths of a byte: almost always meant as 16Mi.
      ctx.addIssue({ code: 'custom', message: `"${text}" means thousandths (or smaller) of a byte; write Mi or Gi, e.g. "${text.slice(0, -1)}Mi"` });
      return z.NEVER;
    }
    if (kind === 'bytes' && value < MEBIBYTE) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is less than 1Mi (a bare number counts bytes); did you mean "${text}Gi"?` });
      return z.NEVER;
    }
    if (kind === 'cpu' && value < 0.001) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is less than 1m, the smallest CPU amount` });
      return z.NEVER;
    }
    return text;
  });
}

/** CPU cores: `4`, `"2.5"`, `"500m"`. The output is always the string form. */
export const CpuQuantitySchema = quantitySchema('cpu');
/** Bytes: `"16Gi"`, `"512Mi"`, `"8G"`. */
export const ByteQuantitySchema = quantitySchema('bytes');
