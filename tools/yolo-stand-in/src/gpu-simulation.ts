import { gpuName } from './console-format.ts';
import { createRandom } from './learning-curve.ts';
import { formatFixed } from './python-format.ts';

// The one virtual GPU: how much memory a batch "reserves" (the GPU_mem column) and what
// AutoBatch picks for `batch=-1` or a fraction, with the lines Ultralytics prints for it.

const totalGb = 23.99;

export function isCpuDevice(device: string | null): boolean {
  return device === 'cpu' || device === 'mps';
}

/** Reserved memory in GB for a model scale, batch and image size; a little jitter per epoch. */
export function estimateGpuMemoryGb(scale: string, batch: number, imgsz: number, epoch: number, seed: number): number {
  const base: Record<string, number> = { n: 2.3, s: 4.1, m: 7.6, l: 10.2, x: 15.8 };
  const jitter = createRandom(seed * 31 + epoch)();
  return (base[scale] ?? 2.3) * (batch / 16) * (imgsz / 640) ** 2 * (0.97 + 0.06 * jitter);
}

export interface AutoBatchChoice {
  batch: number;
  lines: { level: 'info' | 'warning'; text: string }[];
}

/** `batch` as given when it is a size; AutoBatch's pick for -1 (60% of memory) or a fraction. */
export function chooseBatchSize(requested: number, device: string | null, imgsz: number): AutoBatchChoice {
  if (requested >= 1) return { batch: Math.trunc(requested), lines: [] };
  const prefix = 'AutoBatch: ';
  if (isCpuDevice(device)) return { batch: 16, lines: [{ level: 'warning', text: `${prefix}intended for CUDA devices, using default batch-size 16` }] };
  const fraction = requested > 0 && requested < 1 ? requested : 0.6;
  const batch = Math.max(1, Math.floor(((fraction * totalGb - 0.6) / 0.45) * (640 / imgsz) ** 2));
  return {
    batch,
    lines: [
      { level: 'info', text: `${prefix}Computing optimal batch size for imgsz=${imgsz} at ${formatFixed(fraction * 100, 1)}% CUDA memory utilization.` },
      { level: 'info', text: `${prefix}CUDA:0 (${gpuName}) ${formatFixed(totalGb, 2)}G total, 0.10G reserved, 0.05G allocated, ${formatFixed(totalGb - 0.15, 2)}G free` },
      { level: 'info', text: `${prefix}Using batch-size ${batch} for CUDA:0 ${formatFixed(fraction * totalGb, 2)}G/${formatFixed(totalGb, 2)}G (${Math.round(fraction * 100)}%) ✅` },
    ],
  };
}
