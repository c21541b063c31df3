import { pyStr } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { dumpPythonYaml } from './python-yaml.ts';

// The run's args.yaml: the full configuration after the trainer has filled in what it decides
// itself (`device` as the trainer resolved it, `name` as the folder it chose, `save_dir` last).

export interface FinalizeTrainArgsOptions {
  saveDir: string;
  /** What the trainer records as device: CUDA_VISIBLE_DEVICES on GPU, else 'cpu'. */
  device: string | null;
}

/** Ultralytics' `self.args` as saved to args.yaml. */
export function finalizeTrainArgs(cfg: ReadonlyMap<string, PyValue>, options: FinalizeTrainArgsOptions): Map<string, PyValue> {
  const args = new Map(cfg);
  args.set('device', options.device);
  const folder = options.saveDir.replace(/[\\/]+$/, '');
  args.set('name', folder.slice(Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\')) + 1));
  args.delete('save_dir');
  args.set('save_dir', options.saveDir);
  return args;
}

/**
 * The device a real trainer records: `str(device)` on CPU, and on GPU whatever
 * CUDA_VISIBLE_DEVICES holds (select_device sets it from an explicit `device=`).
 */
export function resolveRecordedDevice(device: PyValue | undefined, cudaVisibleDevices: string | undefined): string | null {
  if (device === null || device === undefined || device === '') return cudaVisibleDevices ?? null;
  const text = Array.isArray(device) ? device.map((item) => pyStr(item)).join(',') : pyStr(device).replace(/\s+/g, '');
  if (text.toLowerCase() === 'cpu' || text.toLowerCase() === 'mps') return text.toLowerCase();
  if (text === '-1') return cudaVisibleDevices ?? '0';
  return text.replace(/^cuda:/i, '');
}

export function buildArgsYaml(args: ReadonlyMap<string, PyValue>): string {
  return dumpPythonYaml(args);
}
