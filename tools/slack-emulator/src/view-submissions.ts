import { withBlockIds } from './block-kit-ids.ts';
import { findViewProblems } from './block-kit-limits.ts';
import type { DeliveryRecord } from './bot-delivery.ts';
import { EmulatorRequestError } from './emulator-request-error.ts';
import { makeBlockId } from './emulator-state.ts';
import {
  botUrlOrFail,
  findUserOrFail,
  summarizeAck,
  teamPayload,
  userPayload,
  type AckSummary,
  type InteractionContext,
} from './interaction-context.ts';
import { isJsonObject, parseJsonOrUndefined, type JsonObject } from './json-values.ts';
import type { StoredView, ViewStateValues } from './view-store.ts';

// A person pressing a modal's Submit (or closing it): Slack sends `view_submission` with the
// inputs' values and acts on the app's answer — close, show field errors, update, push or clear.

export interface SubmitViewOptions {
  user: string;
  viewId: string;
  /**
   * Input values by block_id. A plain value (a string, or a list for multi-choice inputs) goes to the
   * block's element; an object keyed by action_id gives values per element; an object with a `type`
   * is taken as Slack's own state value.
   */
  values?: Record<string, unknown>;
}

export type SubmitOutcome = 'closed' | 'cleared' | 'updated' | 'pushed' | 'errors' | 'failed';

export interface SubmitViewResult {
  outcome: SubmitOutcome;
  /** Field errors the app answered with, by block_id. */
  errors?: Record<string, string>;
  ack: AckSummary;
  delivery: DeliveryRecord;
}

export interface CloseViewOptions {
  user: string;
  viewId: string;
}

const notConnected = 'We had some trouble connecting. Try again?';

interface InputElement {
  blockId: string;
  label: string;
  optional: boolean;
  element: JsonObject;
}

function inputElements(view: StoredView): InputElement[] {
  const blocks = Array.isArray(view.definition.blocks) ? view.definition.blocks : [];
  return blocks.filter(isJsonObject).flatMap((block) => {
    if (block.type !== 'input' || !isJsonObject(block.element) || typeof block.block_id !== 'string') return [];
    const label = isJsonObject(block.label) && typeof block.label.text === 'string' ? block.label.text : block.block_id;
    return [{ blockId: block.block_id, label, optional: block.optional === true, element: block.element }];
  });
}

/** Turns the test's values into Slack's `view.state.values`, refusing what the form would not allow. */
export function buildStateValues(view: StoredView, values: Record<string, unknown>): ViewStateValues {
  const state: ViewStateValues = {};
  const missing: string[] = [];
  const inputs = inputElements(view);
  for (const key of Object.keys(values)) {
    if (!inputs.some((i) => i.blockId === key)) {
      throw new EmulatorRequestError(400, 'unknown_block', `The view has no input block "${key}"; its inputs are: ${inputs.map((i) => i.blockId).join(', ') || 'none'}.`);
    }
  }
  for (const input of inputs) {
    const actionId = String(input.element.action_id);
    const given = values[input.blockId];
    const value = isJsonObject(given) && given.type === undefined ? given[actionId] : given;
    const stateValue = toStateValue(input, value);
    if (stateValue === undefined) {
      if (!input.optional) missing.push(input.label);
      state[input.blockId] = { [actionId]: emptyStateValue(input.element) };
      continue;
    }
    state[input.blockId] = { [actionId]: stateValue };
  }
  if (missing.length > 0) {
    // Slack's client would not send the form; it marks the fields instead.
    throw new EmulatorRequestError(400, 'missing_required', `Please complete the required fields: ${missing.join(', ')}.`);
  }
  return state;
}

function emptyStateValue(element: JsonObject): JsonObject {
  const type = String(element.type);
  if (type === 'checkboxes' || type.startsWith('multi_')) return { type, selected_options: [] };
  if (type === 'static_select' || type === 'radio_buttons') return { type, selected_option: null };
  return { type, value: null };
}

function toStateValue(input: InputElement, value: unknown): JsonObject | undefined {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  if (isJsonObject(value)) return value;
  const type = String(input.element.type);
  const options = Array.isArray(input.element.options) ? input.element.options.filter(isJsonObject) : [];
  const option = (v: unknown) => {
    const found = options.find((o) => o.value === String(v));
    if (found === undefined) {
      throw new EmulatorRequestError(400, 'option_not_found', `"${input.label}" has no option ${JSON.stringify(v)}; choose from ${options.map((o) => JSON.stringify(o.value)).join(', ')}.`);
    }
    return found;
  };
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: option(value) };
    case 'checkboxes':
    case 'multi_static_select':
      return { type, selected_options: (Array.isArray(value) ? value : [value]).map(option) };
    case 'datepicker':
      return { type, selected_date: String(value) };
    case 'timepicker':
      return { type, selected_time: String(value) };
    case 'users_select':
      return { type, selected_user: String(value) };
    case 'channels_select':
      return { type, selected_channel: String(value) };
    case 'conversations_select':
      return { type, selected_conversation: String(value) };
    case 'number_input': {
      const text = String(value);
      if (!Number.isFinite(Number(text))) throw new EmulatorRequestError(400, 'invalid_number', `"${input.label}" must be a number.`);
      return { type, value: text };
    }
    default:
      return { type, value: String(value) };
  }
}

function openViewOrFail(ctx: InteractionContext, userId: string, viewId: unknown): StoredView {
  const view = typeof viewId === 'string' ? ctx.state.views.find(viewId) : undefined;
  if (view === undefined || view.user !== userId || view.type !== 'modal') {
    throw new EmulatorRequestError(404, 'view_not_found', `No open modal ${JSON.stringify(viewId ?? null)} for this user.`);
  }
  return view;
}

export async function submitView(ctx: InteractionContext, options: SubmitViewOptions): Promise<SubmitViewResult> {
  const user = findUserOrFail(ctx, options.user);
  const view = openViewOrFail(ctx, user.id, options.viewId);
  const url = botUrlOrFail(ctx, 'interactivity');
  const values = buildStateValues(view, options.values ?? {});
  const { state } = ctx;
  const settings = ctx.settings();
  view.state = values;
  delete view.errors;
  const payload = {
    type: 'view_submission',
    team: teamPayload(ctx),
    user: userPayload(ctx, user),
    api_app_id: state.workspace.bot.appId,
    token: settings.verificationToken,
    trigger_id: state.triggers.issue(user.id),
    view: state.views.toSlackView(view),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const delivery = await ctx.delivery.deliver({
    kind: 'view_submission',
    summary: typeof view.definition.callback_id === 'string' ? view.definition.callback_id : view.id,
    url,
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    timeoutMs: settings.ackTimeoutMs,
  });
  const result = applyViewAnswer(ctx, user.id, view, delivery);
  state.changed({ kind: 'view', user: user.id });
  return { ...result, ack: summarizeAck(delivery), delivery };
}

function applyViewAnswer(
  ctx: InteractionContext,
  userId: string,
  view: StoredView,
  delivery: DeliveryRecord,
): { outcome: SubmitOutcome; errors?: Record<string, string> } {
  const { views } = ctx.state;
  if (delivery.status !== 200) {
    view.errors = { '': notConnected };
    return { outcome: 'failed', errors: view.errors };
  }
  const raw = delivery.responseBody.trim();
  if (raw === '') {
    views.pop(userId);
    return { outcome: 'closed' };
  }
  const answer = parseJsonOrUndefined(raw);
  if (!isJsonObject(answer)) {
    view.errors = { '': notConnected };
    return { outcome: 'failed', errors: view.errors };
  }
  switch (answer.response_action) {
    case 'clear':
      views.closeAll(userId);
      return { outcome: 'cleared' };
    case 'errors': {
      const errors: Record<string, string> = {};
      if (isJsonObject(answer.errors)) {
        for (const [blockId, message] of Object.entries(answer.errors)) errors[blockId] = String(message);
      }
      view.errors = errors;
      return { outcome: 'errors', errors };
    }
    case 'update':
    case 'push': {
      const next = answer.view;
      if (findViewProblems(next, 'modal').length > 0 || !isJsonObject(next)) {
        view.errors = { '': notConnected };
        return { outcome: 'failed', errors: view.errors };
      }
      const definition = { ...next, blocks: withBlockIds(Array.isArray(next.blocks) ? next.blocks : [], () => makeBlockId(ctx.state)) };
      if (answer.response_action === 'update') {
        views.replace(view, definition);
        return { outcome: 'updated' };
      }
      if (views.push(userId, definition) === undefined) {
        view.errors = { '': notConnected };
        return { outcome: 'failed', errors: view.errors };
      }
      return { outcome: 'pushed' };
    }
    default:
      views.pop(userId);
      return { outcome: 'closed' };
  }
}

/** The person closes the modal; the app hears of it only if the view asked (`notify_on_close`). */
export async function closeView(ctx: InteractionContext, options: CloseViewOptions): Promise<{ notified: DeliveryRecord | undefined }> {
  const user = findUserOrFail(ctx, options.user);
  const view = openViewOrFail(ctx, user.id, options.viewId);
  const { state } = ctx;
  const isCleared = view.definition.clear_on_close === true;
  if (isCleared) state.views.closeAll(user.id);
  else state.views.pop(user.id);
  state.changed({ kind: 'view', user: user.id });
  if (view.definition.notify_on_close !== true) return { notified: undefined };
  const settings = ctx.settings();
  const url = settings.interactivityUrl ?? settings.botRequestUrl;
  if (url === undefined) return { notified: undefined };
  const payload = {
    type: 'view_closed',
    team: teamPayload(ctx),
    user: userPayload(ctx, user),
    api_app_id: state.workspace.bot.appId,
    token: settings.verificationToken,
    view: state.views.toSlackView(view),
    is_cleared: isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
  const notified = await ctx.delivery.deliver({
    kind: 'view_closed',
    summary: typeof view.definition.callback_id === 'string' ? view.definition.callback_id : view.id,
    url,
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    timeoutMs: settings.ackTimeoutMs,
  });
  return { notified };
}
