// The api's outbound Slack notifier: one queue for every message the api sends to Slack.
export { createSlackNotifier } from './slack-notifier.ts';
export type {
  EphemeralReplyOptions,
  SlackNotifier,
  SlackNotifierOptions,
  ThreadFileOptions,
  ThreadReplyOptions,
  UpdateRunCardOptions,
} from './slack-notifier.ts';
export { createNotifierWebClient } from './slack-client-port.ts';
export type {
  NotifierWebClientOptions,
  PostEphemeralArguments,
  PostMessageArguments,
  SlackAnswer,
  SlackClientPort,
  SlackMessageMetadata,
  UpdateMessageArguments,
} from './slack-client-port.ts';
export { notifierErrors, SlackDeliveryError } from './delivery-outcome.ts';
export type { DeliveryFailure, DeliveryOutcome } from './delivery-outcome.ts';
export { systemClock } from './clock.ts';
export type { NotifierClock } from './clock.ts';
export type { NotifierLogFn, NotifierLogger } from './notifier-logger.ts';
export { backgroundRetryPolicy, interactiveRetryPolicy } from './retry-policy.ts';
export type { RetryPolicy } from './retry-policy.ts';
export { createFetchUploader } from './upload-bytes.ts';
export type { UploadBytes } from './upload-bytes.ts';
