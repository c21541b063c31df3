import type { DeliveryRecord } from './bot-delivery.ts';
import { EmulatorRequestError } from './emulator-request-error.ts';
import {
  ackFailure,
  botUrlOrFail,
  findChannelOrFail,
  findUserOrFail,
  postSlackbotNotice,
  requireMembership,
  summarizeAck,
  type AckSummary,
  type InteractionContext,
} from './interaction-context.ts';
import { isJsonObject, parseJsonOrUndefined } from './json-values.ts';
import type { SlackMessage } from './message-store.ts';
import { applyResponsePayload } from './response-payloads.ts';

// A person typing `/train pcb-defect epochs=5`: Slack POSTs the command to the app, waits three
// seconds for the acknowledgement, and shows the acknowledgement's body to that person.

export interface SendCommandOptions {
  /** User ID or name (`alice`). */
  user: string;
  /** Channel ID or name (`pcb-defect`, `#pcb-defect`). */
  channel: string;
  /** The whole line (`/train pcb-defect epochs=5`), or only the arguments when `command` is given. */
  text: string;
  command?: string;
}

export interface CommandResult {
  command: string;
  text: string;
  triggerId: string;
  responseUrl: string;
  ack: AckSummary;
  /** What the person saw as a result of the acknowledgement, if anything. */
  ackMessage: SlackMessage | undefined;
  delivery: DeliveryRecord;
}

const commandPattern = /^(\/[A-Za-z0-9_.-]+)(?:\s+([\s\S]*))?$/;

/** Splits `/train pcb-defect epochs=5` into `/train` and `pcb-defect epochs=5`. */
export function parseSlashCommand(text: string, command?: string): { command: string; text: string } {
  if (command !== undefined) {
    const name = command.startsWith('/') ? command : `/${command}`;
    if (!/^\/[A-Za-z0-9_.-]+$/.test(name)) {
      throw new EmulatorRequestError(400, 'invalid_command', `"${command}" is not a slash command name such as "/train".`);
    }
    return { command: name.toLowerCase(), text: text.trim() };
  }
  const match = commandPattern.exec(text.trim());
  if (match === null || match[1] === undefined) {
    throw new EmulatorRequestError(
      400,
      'not_a_command',
      `${JSON.stringify(text)} is not a slash command: it must start with "/", as in "/train pcb-defect epochs=5".`,
    );
  }
  return { command: match[1].toLowerCase(), text: (match[2] ?? '').trim() };
}

export async function sendCommand(ctx: InteractionContext, options: SendCommandOptions): Promise<CommandResult> {
  if (typeof options.text !== 'string') {
    throw new EmulatorRequestError(400, 'invalid_text', 'text is required: the command line, such as "/train pcb-defect".');
  }
  const parsed = parseSlashCommand(options.text, options.command);
  const user = findUserOrFail(ctx, options.user);
  const channel = findChannelOrFail(ctx, options.channel);
  requireMembership(ctx, channel, user);
  const url = botUrlOrFail(ctx, 'commands');
  const { state } = ctx;
  const { workspace } = state;
  const settings = ctx.settings();

  const triggerId = state.triggers.issue(user.id);
  const record = state.responseUrls.issue({ kind: 'commands', channel: channel.id, user: user.id });
  const responseUrl = `${state.baseUrl()}${state.responseUrls.path(record)}`;
  // Field order as Slack sends them.
  const body = new URLSearchParams({
    token: settings.verificationToken,
    team_id: workspace.team.id,
    team_domain: workspace.team.domain,
    channel_id: channel.id,
    channel_name: channel.isIm ? 'directmessage' : channel.name,
    user_id: user.id,
    user_name: user.name,
    command: parsed.command,
    text: parsed.text,
    api_app_id: workspace.bot.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();

  const delivery = await ctx.delivery.deliver({
    kind: 'slash_command',
    summary: `${parsed.command} ${parsed.text}`.trim(),
    url,
    body,
    contentType: 'application/x-www-form-urlencoded',
    timeoutMs: settings.ackTimeoutMs,
  });

  let ackMessage: SlackMessage | undefined;
  const failure = ackFailure(delivery);
  if (failure !== undefined) {
    const notice = postSlackbotNotice(ctx, channel.id, user.id, `${parsed.command} failed with the error "${failure}"`);
    ackMessage = state.messages.view(channel).ephemeral[user.id]?.find((m) => m.ts === notice.ts);
  } else {
    ackMessage = showAcknowledgement(ctx, delivery, { channel: channel.id, user: user.id, line: `${parsed.command} ${parsed.text}`.trim() });
  }
  return { command: parsed.command, text: parsed.text, triggerId, responseUrl, ack: summarizeAck(delivery), ackMessage, delivery };
}

/**
 * An acknowledgement with a body is an answer: plain text, or a JSON message payload. Slack shows
 * it only to the person unless it says `response_type: in_channel`, in which case the command
 * line itself is shown in the channel too.
 */
function showAcknowledgement(
  ctx: InteractionContext,
  delivery: DeliveryRecord,
  who: { channel: string; user: string; line: string },
): SlackMessage | undefined {
  const raw = delivery.responseBody.trim();
  if (raw === '') return undefined;
  const parsed = delivery.responseContentType?.includes('json') || raw.startsWith('{') ? parseJsonOrUndefined(raw) : undefined;
  const payload = isJsonObject(parsed) ? parsed : { text: raw };
  if (payload.response_type === 'in_channel') {
    ctx.state.messages.post({ channel: who.channel, user: who.user, text: who.line });
  }
  const outcome = applyResponsePayload(ctx, { channel: who.channel, user: who.user }, payload);
  if (outcome.status !== 200) {
    const error = typeof outcome.body.error === 'string' ? outcome.body.error : 'invalid_payload';
    postSlackbotNotice(ctx, who.channel, who.user, `${who.line.split(' ')[0]} failed with the error "${error}"`);
    return undefined;
  }
  const affected = outcome.affected;
  if (affected === undefined) return undefined;
  const channel = ctx.state.workspace.findChannel(who.channel);
  if (channel === undefined) return undefined;
  const view = ctx.state.messages.view(channel);
  if (affected.kind === 'ephemeral') return view.ephemeral[who.user]?.find((m) => m.ts === affected.ts);
  const message = ctx.state.messages.find(who.channel, affected.ts);
  return message === undefined ? undefined : ctx.state.messages.toSlackMessage(message);
}
