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
