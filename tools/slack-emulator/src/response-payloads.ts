import { makeBlockId } from './emulator-state.ts';
import type { OriginalMessageRef, ResponseUrlRecord } from './interaction-tokens.ts';
import type { InteractionContext } from './interaction-context.ts';
import { isJsonObject, parseJsonOrUndefined } from './json-values.ts';
import { readMessageContent } from './message-content.ts';
import { SlackApiError, stringArg } from './web-api-errors.ts';

// A message payload sent back through a response_url, or as the body of a slash command's
// acknowledgement: `{text, blocks, response_type, replace_original, delete_original, thread_ts}`.

export interface ResponseTarget {
  channel: string;
  /** Who sees an ephemeral answer. */
  user: string;
  original?: OriginalMessageRef;
}

export interface PayloadOutcome {
  status: number;
  body: Record<string, unknown>;
  /** The message this payload created or changed. */
  affected?: OriginalMessageRef;
}

export function applyResponsePayload(ctx: InteractionContext, target: ResponseTarget, payload: Record<string, unknown>): PayloadOutcome {
  const { state } = ctx;
  const original = target.original;
  if (payload.delete_original === true || payload.delete_original === 'true') {
    const deleted =
      original !== undefined &&
      (original.kind === 'message'
        ? state.messages.remove(original.channel, original.ts)
        : state.messages.removeEphemeral(original.channel, original.ts));
    if (!deleted) return { status: 404, body: { ok: false, error: 'message_not_found' } };
    state.changed({ kind: original.kind, channel: original.channel, user: target.user });
    return { status: 200, body: { ok: true } };
  }

  let content;
  try {
    content = readMessageContent(payload, { makeBlockId: () => makeBlockId(ctx.state) });
  } catch (error) {
    if (error instanceof SlackApiError) return { status: 400, body: { ok: false, error: error.error, ...error.extra } };
    throw error;
  }

  const replace = payload.replace_original === true || payload.replace_original === 'true';
  if (replace && original !== undefined) {
    const replaced =
      original.kind === 'message'
        ? state.messages.update(original.channel, original.ts, content)
        : state.messages.replaceEphemeral(original.channel, original.ts, content);
    if (replaced === undefined) return { status: 404, body: { ok: false, error: 'message_not_found' } };
    state.changed({ kind: original.kind, channel: original.channel, user: target.user });
    return { status: 200, body: { ok: true }, affected: original };
  }

  const originalThread = original === undefined ? undefined : threadOf(ctx, original);
  const requestedThread = stringArg(payload, 'thread_ts');
  // As with chat.postMessage, a reply to a reply joins the parent's thread; an unknown thread_ts is
  // ignored and the answer goes to the channel, which is what Slack does with a response_url.
  const requestedParent = requestedThread === undefined ? undefined : state.messages.find(target.channel, requestedThread);
  const threadTs = requestedThread === undefined ? originalThread : (requestedParent?.threadTs ?? requestedParent?.ts);
  const { bot } = state.workspace;
  if (payload.response_type === 'in_channel') {
    const message = state.messages.post({
      channel: target.channel,
      user: bot.userId,
      botId: bot.botId,
      appId: bot.appId,
      ...content,
      ...(threadTs === undefined ? {} : { threadTs }),
    });
    state.changed({ kind: 'message', channel: target.channel });
    return { status: 200, body: { ok: true }, affected: { kind: 'message', channel: target.channel, ts: message.ts } };
  }
  const message = state.messages.postEphemeral({
    channel: target.channel,
    recipient: target.user,
    user: bot.userId,
    botId: bot.botId,
    appId: bot.appId,
    ...content,
    ...(threadTs === undefined ? {} : { threadTs }),
  });
  state.changed({ kind: 'ephemeral', channel: target.channel, user: target.user });
  return { status: 200, body: { ok: true }, affected: { kind: 'ephemeral', channel: target.channel, ts: message.ts } };
}

function threadOf(ctx: InteractionContext, ref: OriginalMessageRef): string | undefined {
  const message =
    ref.kind === 'message' ? ctx.state.messages.find(ref.channel, ref.ts) : ctx.state.messages.findEphemeral(ref.channel, ref.ts);
  return message?.threadTs;
}

/** Handles a POST to a response_url: use limits, then the payload. */
export function postToResponseUrl(
  ctx: InteractionContext,
  record: ResponseUrlRecord | undefined,
  rawBody: string,
  contentType: string,
): PayloadOutcome {
  const outcome = answerResponseUrl(ctx, record, rawBody, contentType);
  ctx.calls.add({
    at: new Date().toISOString(),
    method: 'response_url',
    args: { kind: record?.kind ?? 'unknown', body: rawBody },
    ok: outcome.body.ok === true,
    status: outcome.status,
    ...(typeof outcome.body.error === 'string' ? { error: outcome.body.error } : {}),
  });
  return outcome;
}

function answerResponseUrl(
  ctx: InteractionContext,
  record: ResponseUrlRecord | undefined,
  rawBody: string,
  contentType: string,
): PayloadOutcome {
  if (record === undefined) return { status: 404, body: { ok: false, error: 'no_service' } };
  const refusal = ctx.state.responseUrls.refusal(record);
  if (refusal !== undefined) return { status: 404, body: { ok: false, error: refusal } };
  const payload = parseResponseBody(rawBody, contentType);
  if (payload === undefined) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
  const target: { channel: string; user: string; original?: OriginalMessageRef } = { channel: record.channel, user: record.user };
  if (record.original !== undefined) target.original = record.original;
  const outcome = applyResponsePayload(ctx, target, payload);
  if (outcome.status === 200) {
    record.uses += 1;
    // A slash command's later `replace_original` acts on what the command's response_url posted.
    if (record.kind === 'commands' && outcome.affected !== undefined) record.original = outcome.affected;
  }
  return outcome;
}

function parseResponseBody(rawBody: string, contentType: string): Record<string, unknown> | undefined {
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(rawBody).get('payload');
    const parsed = payload === null ? undefined : parseJsonOrUndefined(payload);
    return isJsonObject(parsed) ? parsed : undefined;
  }
  const parsed = parseJsonOrUndefined(rawBody);
  return isJsonObject(parsed) ? parsed : undefined;
}
