// Node and workflow progress, `N/M`: a pod counts 0/1 until it succeeds (1/1) unless it reports its
// own through ARGO_PROGRESS_FILE; any other node sums the pods beneath it.

export interface Progress {
  done: number;
  total: number;
}

export function parseProgress(text: string | undefined): Progress | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text ?? '');
  if (!match) return undefined;
  const done = Number(match[1]);
  const total = Number(match[2]);
  if (total <= 0 || done > total) return undefined;
  return { done, total };
}

export function formatProgress(progress: Progress): string {
  return `${progress.done}/${progress.total}`;
}

export function addProgress(a: Progress, b: Progress): Progress {
  return { done: a.done + b.done, total: a.total + b.total };
}
