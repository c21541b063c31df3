import type { BotDelivery, DeliveryRecord } from './bot-delivery.ts';
import { EmulatorRequestError } from './emulator-request-error.ts';
import type { EmulatorState } from './emulator-state.ts';
import type { RecordLog } from './record-log.ts';
import type { SeedUser } from './seed-config.ts';
import type { ApiCallRecord } from './web-api.ts';
import { slackbotUserId, type WorkspaceChannel } from './workspace.ts';

// What the sender side (slash commands, clicks, modal submissions, events, response_url posts)
// shares: the state, the delivery to the bot, the current settings, and lookups that turn bad
// test input into clear refusals.

export interface InteractionSettings {
  botRequestUrl: string | undefined;
  interactivityUrl: string | undefined;
  ackTimeoutMs: number;
  eventRetryDelaysMs: number[];
  verificationToken: string;
  eventSubscriptions: string[];
}

export interface InteractionContext {
  state: EmulatorState;
  delivery: BotDelivery;
  settings: () => InteractionSettings;
  calls: RecordLog<ApiCallRecord>;
  /** Waits, unless the emulator closes first (then resolves false). */
  sleep(ms: number): Promise<boolean>;
}

/** What the bot answered, in the terms tests care about. */
export interface AckSummary {
  status: number | null;
  ms: number | null;
  timedOut: boolean;
  body: string;
  error?: string;
}

export function summarizeAck(record: DeliveryRecord): AckSummary {
  const ack: AckSummary = { status: record.status, ms: record.ackMs, timedOut: record.timedOut, body: record.responseBody };
  if (record.error !== undefined) ack.error = record.error;
  return ack;
}

/** Slack's name for why an interaction failed, as it shows it to the person ("operation_timeout"). */
export function ackFailure(record: DeliveryRecord): string | undefined {
  if (record.error !== undefined) return 'dispatch_failed';
  if (record.timedOut) return 'operation_timeout';
  if (record.status !== 200) return 'http_service_error';
  return undefined;
}

export function findUserOrFail(ctx: InteractionContext, idOrName: unknown): SeedUser {
  const { workspace } = ctx.state;
  if (idOrName === undefined || idOrName === '') {
    throw new EmulatorRequestError(400, 'missing_user', 'user is required: a user ID or name, such as "alice".');
  }
  const user = typeof idOrName === 'string' ? workspace.findUser(idOrName) : undefined;
  if (user === undefined) {
    throw new EmulatorRequestError(
      404,
      'user_not_found',
      `No user ${JSON.stringify(idOrName ?? null)} in the workspace; known users: ${workspace.users.map((u) => u.name).join(', ')}.`,
    );
  }
  return user;
}

export function findChannelOrFail(ctx: InteractionContext, idOrName: unknown): WorkspaceChannel {
  const { workspace } = ctx.state;
  if (idOrName === undefined || idOrName === '') {
    throw new EmulatorRequestError(400, 'missing_channel', 'channel is required: a channel ID or name, such as "#pcb-defect".');
  }
  const channel = typeof idOrName === 'string' ? workspace.findChannel(idOrName) : undefined;
  if (channel === undefined) {
    const known = workspace
      .channels()
      .filter((c) => !c.isIm)
      .map((c) => `#${c.name}`)
      .join(', ');
    throw new EmulatorRequestError(404, 'channel_not_found', `No channel ${JSON.stringify(idOrName ?? null)} in the workspace; known channels: ${known}.`);
  }
  return channel;
}

export function requireMembership(ctx: InteractionContext, channel: WorkspaceChannel, user: SeedUser): void {
  if (!ctx.state.workspace.isMember(channel.id, user.id)) {
    throw new EmulatorRequestError(403, 'not_in_channel', `${user.name} is not a member of #${channel.name}.`);
  }
}

export function botUrlOrFail(ctx: InteractionContext, kind: 'commands' | 'interactivity' | 'events'): string {
  const settings = ctx.settings();
  const url = kind === 'interactivity' ? (settings.interactivityUrl ?? settings.botRequestUrl) : settings.botRequestUrl;
  if (url === undefined) {
    throw new EmulatorRequestError(
      409,
      'no_bot_request_url',
      'No bot request URL is configured: start the emulator with botRequestUrl (SLACK_BOT_REQUEST_URL) or call setBotRequestUrl().',
    );
  }
  return url;
}

/** A notice from Slackbot only the person sees, as Slack shows when a command fails. */
export function postSlackbotNotice(ctx: InteractionContext, channel: string, user: string, text: string, threadTs?: string) {
  const notice = ctx.state.messages.postEphemeral({
    channel,
    recipient: user,
    user: slackbotUserId,
    text,
    ...(threadTs === undefined ? {} : { threadTs }),
  });
  ctx.state.changed({ kind: 'ephemeral', channel, user });
  return notice;
}

export function userPayload(ctx: InteractionContext, user: SeedUser) {
  return { id: user.id, username: user.name, name: user.name, team_id: ctx.state.workspace.team.id };
}

export function teamPayload(ctx: InteractionContext) {
  return { id: ctx.state.workspace.team.id, domain: ctx.state.workspace.team.domain };
}
