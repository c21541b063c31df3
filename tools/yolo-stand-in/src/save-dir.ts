import path from 'node:path';
import type { PyValue } from './python-value.ts';
import { pyStr } from './python-value.ts';

// Ultralytics' get_save_dir + increment_path: `project/name`, or `<runs_dir>/<task>/<name>` when
// no project is given; an existing folder gets a number appended (train, train2, train3, …)
// unless exist_ok. `save_dir=` on the command line wins outright.

/** `increment_path(path, exist_ok)`: the first free `path`, `path2`, `path3`, … */
export function incrementPath(target: string, existOk: boolean, exists: (candidate: string) => boolean): string {
  if (!exists(target) || existOk) return target;
  for (let n = 2; n < 9999; n += 1) {
    const candidate = `${target}${n}`;
    if (!exists(candidate)) return candidate;
  }
  return `${target}9999`;
}

export interface SaveDirOptions {
  /** Absolute runs folder (Ultralytics' runs_dir setting). */
  runsDir: string;
  exists: (candidate: string) => boolean;
}

/** The run folder as Ultralytics names it; relative when the project was given relatively. */
export function resolveSaveDir(cfg: ReadonlyMap<string, PyValue>, options: SaveDirOptions): string {
  const given = cfg.get('save_dir');
  if (given !== undefined && given !== null && given !== '') return pyStr(given);
  const task = pyStr(cfg.get('task') ?? 'detect');
  const project = cfg.get('project');
  const base = project === null || project === undefined || project === '' ? path.join(options.runsDir, task) : pyStr(project);
  const nameValue = cfg.get('name');
  const name = nameValue === null || nameValue === undefined || nameValue === '' ? pyStr(cfg.get('mode') ?? 'train') : pyStr(nameValue);
  return incrementPath(path.join(base, name), cfg.get('exist_ok') === true, options.exists);
}
