import type { DeliveryRecord } from './bot-delivery.ts';
import { EmulatorRequestError } from './emulator-request-error.ts';
import {
  botUrlOrFail,
  findChannelOrFail,
  findUserOrFail,
  requireMembership,
  summarizeAck,
  teamPayload,
  userPayload,
  type AckSummary,
  type InteractionContext,
} from './interaction-context.ts';
import type { OriginalMessageRef } from './interaction-tokens.ts';
import { isJsonObject, type JsonObject } from './json-values.ts';
import type { StoredView } from './view-store.ts';

// A person clicking a button (or choosing from a select) in a message, a modal or the Home tab:
// Slack sends the app a `block_actions` payload describing the element, the message and where it sits.

export interface ClickOptions {
  user: string;
  /** For a message: its channel and ts. */
  channel?: string;
  messageTs?: string;
  /** For a modal or the Home tab: the view's ID. */
  viewId?: string;
  actionId: string;
  /** Which of several buttons sharing an action_id, or the option to choose in a select. */
  value?: string;
  blockId?: string;
}

export interface ClickResult {
  triggerId: string;
  responseUrl: string | undefined;
  action: JsonObject;
  /** The confirm dialog that was shown and accepted before sending, if the element had one. */
  confirmed: JsonObject | undefined;
  ack: AckSummary;
  delivery: DeliveryRecord;
}

export interface FoundElement {
  blockId: string;
  element: JsonObject;
}

const clickableTypes = new Set(['button', 'static_select', 'overflow', 'radio_buttons', 'datepicker', 'users_select', 'conversations_select', 'channels_select']);

/** Interactive elements of a block list, in order, with the block they sit in. */
export function listInteractiveElements(blocks: unknown): FoundElement[] {
  if (!Array.isArray(blocks)) return [];
  const found: FoundElement[] = [];
  for (const block of blocks) {
    if (!isJsonObject(block) || typeof block.block_id !== 'string') continue;
    const candidates: unknown[] = [];
    if (Array.isArray(block.elements)) candidates.push(...block.elements);
    if (block.accessory !== undefined) candidates.push(block.accessory);
    for (const element of candidates) {
      if (isJsonObject(element) && typeof element.type === 'string' && clickableTypes.has(element.type)) {
        found.push({ blockId: block.block_id, element });
      }
    }
  }
  return found;
}

/** The element a click means: by action_id, narrowed by block_id and, for buttons, by value. */
export function findClickTarget(blocks: unknown, actionId: string, options: { blockId?: string; value?: string } = {}): FoundElement {
  const all = listInteractiveElements(blocks);
  let matches = all.filter((f) => f.element.action_id === actionId && (options.blockId === undefined || f.blockId === options.blockId));
  if (matches.length > 1 && options.value !== undefined) {
    const byValue = matches.filter((f) => f.element.type !== 'button' || f.element.value === options.value);
    if (byValue.length > 0) matches = byValue;
  }
  const match = matches[0];
  if (match === undefined) {
    const available = all.map((f) => String(f.element.action_id)).join(', ') || 'none';
    throw new EmulatorRequestError(404, 'action_not_found', `No element with action_id "${actionId}" here; the interactive elements are: ${available}.`);
  }
  if (match.element.type === 'button' && options.value !== undefined && match.element.value !== options.value) {
    throw new EmulatorRequestError(
      404,
      'action_not_found',
      `The "${actionId}" button has value ${JSON.stringify(match.element.value ?? null)}, not ${JSON.stringify(options.value)}.`,
    );
  }
  return match;
}

/** The `actions[0]` entry of the payload: what was clicked or chosen. */
export function buildAction(found: FoundElement, value: string | undefined, actionTs: string): JsonObject {
  const { element, blockId } = found;
  const base: JsonObject = { type: element.type, action_id: element.action_id, block_id: blockId, action_ts: actionTs };
  switch (element.type) {
    case 'button': {
      const out: JsonObject = { ...base, text: element.text };
      if (element.value !== undefined) out.value = element.value;
      if (element.style !== undefined) out.style = element.style;
      return out;
    }
    case 'static_select':
    case 'overflow':
    case 'radio_buttons': {
      const options = Array.isArray(element.options) ? element.options.filter(isJsonObject) : [];
      const option = options.find((o) => o.value === value);
      if (option === undefined) {
        throw new EmulatorRequestError(
          400,
          'option_not_found',
          `Choose one of ${options.map((o) => JSON.stringify(o.value)).join(', ')} for "${String(element.action_id)}".`,
        );
      }
      return { ...base, selected_option: option };
    }
    case 'datepicker':
      if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        throw new EmulatorRequestError(400, 'invalid_value', 'A datepicker needs a value in YYYY-MM-DD form.');
      }
      return { ...base, selected_date: value };
    default: {
      const key = element.type === 'users_select' ? 'selected_user' : element.type === 'channels_select' ? 'selected_channel' : 'selected_conversation';
      if (value === undefined) throw new EmulatorRequestError(400, 'invalid_value', `Give the ID to choose as value.`);
      return { ...base, [key]: value };
    }
  }
}

export async function click(ctx: InteractionContext, options: ClickOptions): Promise<ClickResult> {
  if (typeof options.actionId !== 'string' || options.actionId === '') {
    throw new EmulatorRequestError(400, 'invalid_action_id', 'action_id is required: the action_id of the button to click.');
  }
  const user = findUserOrFail(ctx, options.user);
  const { state } = ctx;
  const settings = ctx.settings();
  const url = botUrlOrFail(ctx, 'interactivity');
  const actionTs = state.ids.ts();
  const triggerId = state.triggers.issue(user.id);
  const payload: JsonObject = {
    type: 'block_actions',
    user: userPayload(ctx, user),
    api_app_id: state.workspace.bot.appId,
    token: settings.verificationToken,
  };
  let found: FoundElement;
  let responseUrl: string | undefined;

  if (options.viewId !== undefined) {
    const view = state.views.find(options.viewId);
    if (view === undefined || view.user !== user.id) {
      throw new EmulatorRequestError(404, 'view_not_found', `${user.name} has no open view ${options.viewId}.`);
    }
    found = findClickTarget(view.definition.blocks, options.actionId, optionsFor(options));
    Object.assign(payload, viewPart(ctx, view, triggerId));
  } else {
    const channel = findChannelOrFail(ctx, options.channel);
    requireMembership(ctx, channel, user);
    if (typeof options.messageTs !== 'string') {
      throw new EmulatorRequestError(400, 'invalid_message_ts', 'message_ts is required: the ts of the message with the button.');
    }
    const message = state.messages.find(channel.id, options.messageTs);
    const ephemeral = message === undefined ? state.messages.findEphemeral(channel.id, options.messageTs) : undefined;
    if (message === undefined && (ephemeral === undefined || ephemeral.recipient !== user.id)) {
      throw new EmulatorRequestError(404, 'message_not_found', `No message ${options.messageTs} in #${channel.name} that ${user.name} can see.`);
    }
    const blocks = message?.blocks ?? ephemeral?.blocks;
    found = findClickTarget(blocks, options.actionId, optionsFor(options));
    const original: OriginalMessageRef = { kind: message === undefined ? 'ephemeral' : 'message', channel: channel.id, ts: options.messageTs };
    const record = state.responseUrls.issue({ kind: 'actions', channel: channel.id, user: user.id, original });
    responseUrl = `${state.baseUrl()}${state.responseUrls.path(record)}`;
    const container: JsonObject = { type: 'message', message_ts: options.messageTs, channel_id: channel.id, is_ephemeral: message === undefined };
    const threadTs = message?.threadTs ?? ephemeral?.threadTs;
    if (threadTs !== undefined && threadTs !== options.messageTs) container.thread_ts = threadTs;
    Object.assign(payload, {
      container,
      trigger_id: triggerId,
      team: teamPayload(ctx),
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel.id, name: channel.isIm ? 'directmessage' : channel.name },
      // Slack leaves the message out for ephemeral messages: the app never stored them.
      ...(message === undefined ? {} : { message: state.messages.toSlackMessage(message) }),
      state: { values: {} },
      response_url: responseUrl,
    });
  }

  const action = buildAction(found, options.value, actionTs);
  payload.actions = [action];
  const delivery = await ctx.delivery.deliver({
    kind: 'block_actions',
    summary: String(found.element.action_id),
    url,
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    timeoutMs: settings.ackTimeoutMs,
  });
  const confirm = found.element.confirm;
  return {
    triggerId,
    responseUrl,
    action,
    confirmed: isJsonObject(confirm) ? confirm : undefined,
    ack: summarizeAck(delivery),
    delivery,
  };
}

function optionsFor(options: ClickOptions): { blockId?: string; value?: string } {
  const out: { blockId?: string; value?: string } = {};
  if (options.blockId !== undefined) out.blockId = options.blockId;
  if (options.value !== undefined) out.value = options.value;
  return out;
}

function viewPart(ctx: InteractionContext, view: StoredView, triggerId: string): JsonObject {
  return {
    container: { type: 'view', view_id: view.id },
    trigger_id: triggerId,
    team: teamPayload(ctx),
    enterprise: null,
    is_enterprise_install: false,
    view: ctx.state.views.toSlackView(view),
    state: { values: structuredClone(view.state) },
  };
}
