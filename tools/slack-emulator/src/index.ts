// Public surface of the Slack emulator: a local stand-in for Slack's Web API, its signed requests
// to the app, and a console page that looks like a Slack channel.

export { startSlackEmulator } from './slack-emulator.ts';
export type { SlackEmulator } from './slack-emulator-types.ts';
export type { SlackEmulatorOptions } from './emulator-options.ts';
export { signSlackRequest, verifySlackSignature } from './slack-signature.ts';
export type { SignSlackRequestOptions, VerifySlackSignatureOptions } from './slack-signature.ts';
export { defaultSeedConfig, parseSeedConfig, SeedConfigError } from './seed-config.ts';
export type { ResolvedSeed, SeedBot, SeedChannel, SeedConfig, SeedTeam, SeedUser, SeedUserGroup } from './seed-config.ts';
export { EmulatorRequestError } from './emulator-request-error.ts';
export { findBlockProblems, findViewProblems } from './block-kit-limits.ts';
export type { BlockSurface } from './block-kit-limits.ts';
export type { ForcedRateLimit, RateLimitOptions, RateLimitTier } from './rate-limiter.ts';
export type { SendCommandOptions, CommandResult } from './slash-commands.ts';
export type { ClickOptions, ClickResult } from './block-actions.ts';
export type { SubmitViewOptions, SubmitViewResult, CloseViewOptions } from './view-submissions.ts';
export type { EventDeliveryResult, PostUserMessageOptions, SendEventOptions } from './events.ts';
export type { AckSummary } from './interaction-context.ts';
export type { ChannelMessages, SlackMessage } from './message-store.ts';
export type { DeliveryKind, DeliveryRecord } from './bot-delivery.ts';
export type { ApiCallRecord } from './web-api.ts';
