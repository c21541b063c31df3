// Known ways a training run dies, recognised from its last log lines and the failure message, so
// the failure message can say what to try instead of leaving people to read a stack trace. Pure
// pattern matching: the first cause whose pattern matches wins, infrastructure causes first
// (a pod that never started or lost its node says nothing about the training itself).

export const failureCauseKinds = ['image_pull', 'node_lost', 'cuda_out_of_memory', 'nan_loss', 'host_out_of_memory'] as const;
export type FailureCauseKind = (typeof failureCauseKinds)[number];

export interface RecognisedCause {
  kind: FailureCauseKind;
  /** What happened, in a few words. */
  summary: string;
  /** What to try next. */
  advice: string;
}

interface CauseRule extends RecognisedCause {
  patterns: readonly RegExp[];
  /** For causes a single line cannot show (a table whose header names the columns). */
  matches?: (lines: readonly string[]) => boolean;
}

// Ultralytics prints the losses as a table: a header with `box_loss cls_loss …`, then one row per
// progress update. A row of `nan` under such a header is a diverged training.
function hasNanLossRow(lines: readonly string[]): boolean {
  const header = lines.findIndex((line) => /\w_loss\b/.test(line));
  return header !== -1 && lines.slice(header + 1).some((line) => /(?:^|\s)nan(?:\s|$)/i.test(line));
}

const rules: readonly CauseRule[] = [
  {
    kind: 'image_pull',
    summary: 'The container image could not be pulled.',
    advice: "Check the project's image name and tag, and that the cluster may pull from its registry.",
    patterns: [/\bErrImagePull\b/, /\bImagePullBackOff\b/, /\bFailed to pull image\b/i, /\bInvalidImageName\b/],
  },
  {
    kind: 'node_lost',
    summary: 'The node running the training went away (preempted or evicted).',
    advice: 'Nothing was wrong with the training itself: retry it.',
    patterns: [/\bpreempt(?:ed|ion)\b/i, /\bEvicted\b/, /\bThe node was low on resource\b/i, /\bNodeShutdown\b/, /\bnode (?:was )?(?:lost|drained|deleted|shut ?down)\b/i, /\bpod deleted\b/i],
  },
  {
    kind: 'cuda_out_of_memory',
    summary: 'CUDA ran out of GPU memory.',
    advice: 'Try a smaller batch (batch=8) or a smaller image size (imgsz).',
    patterns: [/\bCUDA out of memory\b/i, /\bCUDA error: out of memory\b/i, /\bOutOfMemoryError\b.*\bCUDA\b/i, /\bCUBLAS_STATUS_ALLOC_FAILED\b/],
  },
  {
    kind: 'nan_loss',
    summary: 'The loss became NaN: training diverged.',
    advice: 'Try a lower learning rate (lr0=0.001) or a smaller batch; check the labels for broken boxes.',
    patterns: [/loss\b[^\n]*[:=]\s*nan\b/i, /\bNaN or Inf found\b/i, /\bnon-finite loss\b/i, /\bloss is nan\b/i],
    matches: hasNanLossRow,
  },
  {
    kind: 'host_out_of_memory',
    summary: 'The pod ran out of memory (RAM, not GPU) and was killed.',
    advice: 'Try fewer dataloader workers (workers=2) or ask for more memory in the project.',
    patterns: [/\bOOMKilled\b/, /\bOut of memory: Killed process\b/i],
  },
];

/** The first known cause found in the log tail or the message, if any. */
export function recogniseFailureCause(logTail: readonly string[], message: string | null | undefined): RecognisedCause | undefined {
  const texts = [message ?? '', ...logTail];
  for (const rule of rules) {
    if (texts.some((text) => rule.patterns.some((pattern) => pattern.test(text))) || rule.matches?.(logTail)) {
      return { kind: rule.kind, summary: rule.summary, advice: rule.advice };
    }
  }
  return undefined;
}
