import { z } from 'zod';

// DESIGN.md "Run states". A run moves forward only; every write names the state it expects to
// leave, so a replayed or reordered event cannot move a run backwards.
export const runStates = [
  'queued',
  'submitted',
  'running',
  'succeeded',
  'failed',
  'error',
  'cancelled',
  'pending_approval',
  'promoted',
  'rejected',
] as const;
export const RunStateSchema = z.enum(runStates);
export type RunState = z.infer<typeof RunStateSchema>;

const allowedTransitions: Record<RunState, readonly RunState[]> = {
  queued: ['submitted', 'running', 'failed', 'error', 'cancelled'],
  submitted: ['running', 'succeeded', 'failed', 'error', 'cancelled'],
  running: ['succeeded', 'failed', 'error', 'cancelled'],
  succeeded: ['pending_approval'],
  failed: [],
  error: [],
  cancelled: [],
  pending_approval: ['promoted', 'rejected'],
  promoted: [],
  rejected: [],
};

export function canTransition(from: RunState, to: RunState): boolean {
  return allowedTransitions[from].includes(to);
}

/** States a run may still leave on its own (the watcher keeps an eye on these). */
export function isActiveRunState(state: RunState): boolean {
  return state === 'queued' || state === 'submitted' || state === 'running';
}

/** States in which the workflow has ended, whatever comes after (approval). */
export function isFinishedRunState(state: RunState): boolean {
  return !isActiveRunState(state);
}

export const runKinds = ['train', 'export'] as const;
export const RunKindSchema = z.enum(runKinds);
export type RunKind = z.infer<typeof RunKindSchema>;

export const runTriggers = ['slash', 'schedule', 'api', 'git'] as const;
export const RunTriggerSchema = z.enum(runTriggers);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;
