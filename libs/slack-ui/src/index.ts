export { mrkdwn, plainText } from './block-kit.ts';
export type {
  ActionsBlock,
  Block,
  ButtonElement,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnTextObject,
  PlainTextObject,
  SectionBlock,
  SlackMessage,
  TextObject,
} from './block-kit.ts';
export {
  ellipsis,
  enforceSlackLimits,
  escapeMrkdwn,
  limitBlock,
  listSlackLimitViolations,
  slackLimits,
  truncateMrkdwn,
  truncateText,
} from './slack-limits.ts';
export { formatAge, formatRequester, formatRunState, runStateEmoji, shortRunId } from './format.ts';
export { buildRunAcceptedMessage, openRunActionId } from './run-accepted-message.ts';
export type { RunAcceptedMessageOptions } from './run-accepted-message.ts';
export { buildRunListMessage, formatRunLine } from './run-list-message.ts';
export type { RunListFilters, RunListMessageOptions } from './run-list-message.ts';
export { buildHelpMessage } from './help-message.ts';
export type { HelpMessageOptions, HelpTopic } from './help-message.ts';
export { packLines } from './pack-lines.ts';
export { buildErrorMessage } from './error-message.ts';
export type { ErrorMessageOptions } from './error-message.ts';
export { buildConfirmDialog, confirmDialogLimits } from './confirm-dialog.ts';
export type { ConfirmableButton, ConfirmDialog, ConfirmDialogOptions } from './confirm-dialog.ts';
export { formatDuration, formatTimeLeft } from './format-duration.ts';
export { formatLink } from './format-link.ts';
export { formatMetricDifference, formatMetricValue, orderMetricNames } from './format-metric.ts';
export { buildRunCardMessage, cancelRunActionId, formatGpuRequest, formatSteps, runStepPhases } from './run-card-message.ts';
export type {
  RunCardGpuRequest,
  RunCardLinks,
  RunCardMessageOptions,
  RunCardProject,
  RunCardStep,
  RunStepName,
  RunStepPhase,
} from './run-card-message.ts';
export { approveRunActionId, buildRunResultMessage, rejectRunActionId } from './run-result-message.ts';
export type { MetricValuesByName, RunResultMessageOptions, RunResultSummary } from './run-result-message.ts';
export { buildRunFailureMessage, retryRunActionId } from './run-failure-message.ts';
export type { RunFailureMessageOptions } from './run-failure-message.ts';
export { failureCauseKinds, recogniseFailureCause } from './recognise-failure-cause.ts';
export type { FailureCauseKind, RecognisedCause } from './recognise-failure-cause.ts';
export { formatLogTail, logTailMaxLines } from './format-log-tail.ts';
export type { FormattedLogTail } from './format-log-tail.ts';
