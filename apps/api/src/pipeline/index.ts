// The run pipeline: submits queued runs as Argo Workflows, follows them into run states, and
// gathers what finished runs left behind. Wired by the api's composition root (main.ts).
export { mapWorkflowToRunStatus, pipelineSteps, waitingForSlotMessage } from './map-workflow-to-run-status.ts';
export type { PipelineStep, RunStepFailure, RunStepStatus, WorkflowRunStatus } from './map-workflow-to-run-status.ts';
export { createRunStateStore } from './run-state-store.ts';
export type { ApplyStatusOutcome, ApplyStatusResult, RunStateStore, RunStateStoreOptions, RunStatusUpdate } from './run-state-store.ts';
export { belongsTo, createRunSubmitter } from './run-submitter.ts';
export type { PipelineWorkflowOptions, RunSubmitter, RunSubmitterOptions, SubmitRunOutcome, SubmitRunResult } from './run-submitter.ts';
export { buildRunWorkflowName } from './run-workflow-name.ts';
export { createWorkflowWatcher, disappearedMessage } from './workflow-watcher.ts';
export type { OnRunFinished, ReconcileReport, WorkflowWatcher, WorkflowWatcherOptions, WorkflowWatcherStats } from './workflow-watcher.ts';
export { createRunResultCollector, logTailLines } from './run-result-collector.ts';
export type { RunResult, RunResultCollector, RunResultCollectorOptions, SucceededRunResult, UnsuccessfulRunResult } from './run-result-collector.ts';
export { silentPipelineLogger } from './pipeline-logger.ts';
export type { PipelineLogFn, PipelineLogger } from './pipeline-logger.ts';
