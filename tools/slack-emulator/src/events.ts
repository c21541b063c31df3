import type { DeliveryRecord } from './bot-delivery.ts';
import { EmulatorRequestError } from './emulator-request-error.ts';
import {
  botUrlOrFail,
  findChannelOrFail,
  findUserOrFail,
  requireMembership,
  type InteractionContext,
} from './interaction-context.ts';
import { isJsonObject, type JsonObject } from './json-values.ts';
import type { SlackMessage } from './message-store.ts';

// The Events API: `event_callback` envelopes POSTed as JSON. When the app does not answer 2xx within
// three seconds Slack retries — at once, after a minute, after five — with X-Slack-Retry-Num and
// X-Slack-Retry-Reason, until the app answers or sends `X-Slack-No-Retry: 1` with an error.

export interface SendEventOptions {
  /** Overrides the emulator's retry delays for this event (tests use short ones). */
  retryDelaysMs?: number[];
}

export interface EventDeliveryResult {
  eventId: string;
  delivered: boolean;
  attempts: DeliveryRecord[];
}

export async function sendEvent(ctx: InteractionContext, event: JsonObject, options: SendEventOptions = {}): Promise<EventDeliveryResult> {
  if (!isJsonObject(event) || typeof event.type !== 'string') {
    throw new EmulatorRequestError(400, 'invalid_event', 'event must be an object with a type, such as {"type":"app_mention", …}.');
  }
  const url = botUrlOrFail(ctx, 'events');
  const { state } = ctx;
  const settings = ctx.settings();
  const { workspace } = state;
  const eventId = state.ids.id('Ev', 10);
  const envelope = {
    token: settings.verificationToken,
    team_id: workspace.team.id,
    context_team_id: workspace.team.id,
    context_enterprise_id: null,
    api_app_id: workspace.bot.appId,
    event: { ...event, event_ts: typeof event.event_ts === 'string' ? event.event_ts : state.ids.ts() },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: workspace.team.id, user_id: workspace.bot.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${state.ids.secret(16)}`,
  };
  const body = JSON.stringify(envelope);
  const delays = options.retryDelaysMs ?? settings.eventRetryDelaysMs;
  const attempts: DeliveryRecord[] = [];
  let retryReason: string | undefined;
  for (let attempt = 0; ; attempt += 1) {
    const record = await ctx.delivery.deliver({
      kind: 'event_callback',
      summary: event.type,
      url,
      body,
      contentType: 'application/json',
      timeoutMs: settings.ackTimeoutMs,
      retryNum: attempt,
      ...(retryReason === undefined ? {} : { retryReason }),
    });
    attempts.push(record);
    if (record.status !== null && record.status >= 200 && record.status < 300) return { eventId, delivered: true, attempts };
    const delay = delays[attempt];
    if (record.noRetry || delay === undefined) return { eventId, delivered: false, attempts };
    retryReason = record.timedOut ? 'http_timeout' : record.error !== undefined ? 'connection_failed' : 'http_error';
    if (!(await ctx.sleep(delay))) return { eventId, delivered: false, attempts };
  }
}

export interface PostUserMessageOptions {
  user: string;
  channel: string;
  text: string;
  threadTs?: string;
}

/**
 * A person writing in a channel. `@name` becomes a mention as Slack's composer makes it, and the app
 * hears about it through the events it subscribed to (app_mention, message.channels, message.im).
 */
export function postUserMessage(ctx: InteractionContext, options: PostUserMessageOptions): { message: SlackMessage; events: Promise<EventDeliveryResult[]> } {
  if (typeof options.text !== 'string' || options.text.trim() === '') {
    throw new EmulatorRequestError(400, 'no_text', 'text is required: what the person writes.');
  }
  const user = findUserOrFail(ctx, options.user);
  const channel = findChannelOrFail(ctx, options.channel);
  requireMembership(ctx, channel, user);
  const { state } = ctx;
  let threadTs: string | undefined;
  if (options.threadTs !== undefined) {
    const parent = state.messages.find(channel.id, options.threadTs);
    if (parent === undefined) throw new EmulatorRequestError(404, 'thread_not_found', `No message ${options.threadTs} in #${channel.name} to reply to.`);
    threadTs = parent.threadTs ?? parent.ts;
  }
  const text = linkMentions(ctx, options.text);
  const stored = state.messages.post({ channel: channel.id, user: user.id, text, ...(threadTs === undefined ? {} : { threadTs }) });
  state.changed({ kind: 'message', channel: channel.id });
  const message = state.messages.toSlackMessage(stored);

  const subscriptions = new Set(ctx.settings().eventSubscriptions);
  const events: JsonObject[] = [];
  const base: JsonObject = { user: user.id, text, ts: stored.ts, team: state.workspace.team.id, channel: channel.id, event_ts: stored.ts };
  if (threadTs !== undefined) base.thread_ts = threadTs;
  const botMentioned = text.includes(`<@${state.workspace.bot.userId}>`);
  if (botMentioned && subscriptions.has('app_mention')) events.push({ type: 'app_mention', ...base });
  const messageEvent = channel.isIm ? 'message.im' : channel.isPrivate ? 'message.groups' : 'message.channels';
  const botIsMember = state.workspace.isMember(channel.id, state.workspace.bot.userId);
  if (subscriptions.has(messageEvent) && botIsMember) {
    events.push({ type: 'message', ...base, channel_type: channel.isIm ? 'im' : channel.isPrivate ? 'group' : 'channel' });
  }
  const hasUrl = ctx.settings().botRequestUrl !== undefined;
  const delivered = hasUrl ? Promise.all(events.map((event) => sendEvent(ctx, event))) : Promise.resolve([]);
  return { message, events: delivered };
}

function linkMentions(ctx: InteractionContext, text: string): string {
  const { workspace } = ctx.state;
  return text.replace(/(^|[\s(])@([a-z0-9._-]+)/g, (whole, lead: string, name: string) => {
    if (name === workspace.bot.name) return `${lead}<@${workspace.bot.userId}>`;
    const user = workspace.users.find((u) => u.name === name);
    if (user !== undefined) return `${lead}<@${user.id}>`;
    const group = workspace.userGroups.find((g) => g.handle === name);
    return group === undefined ? whole : `${lead}<!subteam^${group.id}>`;
  });
}

/** The person opens the app's Home tab: `app_home_opened`, if the app subscribed to it. */
export async function openAppHome(ctx: InteractionContext, userIdOrName: string): Promise<EventDeliveryResult | undefined> {
  const user = findUserOrFail(ctx, userIdOrName);
  const settings = ctx.settings();
  if (!settings.eventSubscriptions.includes('app_home_opened') || settings.botRequestUrl === undefined) return undefined;
  const { state } = ctx;
  const dm = state.workspace.openDirectMessage(user.id);
  const home = state.views.home(user.id);
  const event: JsonObject = { type: 'app_home_opened', user: user.id, channel: dm.id, tab: 'home' };
  if (home !== undefined) event.view = state.views.toSlackView(home);
  return sendEvent(ctx, event);
}
