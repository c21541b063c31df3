import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCheckpoint } from './checkpoint.ts';
import type { CheckpointMeta } from './checkpoint.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';

// `yolo train resume`: the checkpoint to continue from is the model given (Model.train puts its
// path into `resume`), else the newest last*.pt under the runs folder (get_latest_run).

export interface ResumeCheckpoint {
  checkpoint: CheckpointMeta;
  /** The checkpoint path as the run records it (as given on the command line when it was). */
  file: string;
}

/** `glob(runs_dir/**\/last*.pt)`, newest first. */
export function findLatestRun(runsDir: string): string | undefined {
  let best: { file: string; time: number } | undefined;
  const pending = existsSync(runsDir) ? [runsDir] : [];
  while (pending.length > 0) {
    const folder = pending.pop() as string;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (/^last.*\.pt$/.test(entry.name)) {
        const time = statSync(full).mtimeMs;
        if (!best || time > best.time) best = { file: full, time };
      }
    }
  }
  return best?.file;
}

export function resolveResumeCheckpoint(model: { argument: string; path: string | undefined }, runsDir: string): ResumeCheckpoint {
  const candidate = model.path ?? findLatestRun(runsDir);
  const checkpoint = candidate && existsSync(candidate) ? parseCheckpoint(readFileSync(candidate)) : undefined;
  if (!candidate || !checkpoint) {
    throw new YoloError('FileNotFoundError', "Resume checkpoint not found. Please pass a valid checkpoint to resume from, i.e. 'yolo train resume model=path/to/last.pt'", {
      frames: [ultralyticsFrame('engine/trainer.py', 1105, 'check_resume', 'raise FileNotFoundError(')],
    });
  }
  return { checkpoint, file: model.path === candidate ? model.argument : candidate };
}
