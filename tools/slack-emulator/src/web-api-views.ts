import { withBlockIds } from './block-kit-ids.ts';
import { findViewProblems } from './block-kit-limits.ts';
import { makeBlockId, type EmulatorState } from './emulator-state.ts';
import type { JsonObject } from './json-values.ts';
import type { MethodHandler } from './web-api-chat.ts';
import { invalidArguments, objectArg, requiredStringArg, SlackApiError, stringArg, type ApiArgs } from './web-api-errors.ts';
import type { StoredView } from './view-store.ts';

// views.open / push / update / publish: modals and the App Home tab.

function readView(args: ApiArgs, state: EmulatorState, expected?: 'modal' | 'home'): JsonObject {
  const view = objectArg(args, 'view');
  if (view === undefined) throw invalidArguments(['missing required field: view']);
  const problems = findViewProblems(view, expected);
  if (problems.length > 0) throw invalidArguments(problems);
  const blocks = Array.isArray(view.blocks) ? withBlockIds(view.blocks, () => makeBlockId(state)) : [];
  return { ...view, blocks };
}

function redeemTrigger(args: ApiArgs, state: EmulatorState): string {
  const triggerId = requiredStringArg(args, 'trigger_id');
  const outcome = state.triggers.redeem(triggerId);
  if (!outcome.ok) throw new SlackApiError(outcome.error);
  return outcome.user;
}

function answer(state: EmulatorState, view: StoredView): Record<string, unknown> {
  state.changed({ kind: 'view', user: view.user });
  return { view: state.views.toSlackView(view) };
}

export const viewMethods: Record<string, MethodHandler> = {
  'views.open'(args, state) {
    const definition = readView(args, state, 'modal');
    const user = redeemTrigger(args, state);
    return answer(state, state.views.open(user, definition));
  },

  'views.push'(args, state) {
    const definition = readView(args, state, 'modal');
    const user = redeemTrigger(args, state);
    if (state.views.stack(user).length === 0) throw new SlackApiError('not_found');
    const view = state.views.push(user, definition);
    if (view === undefined) throw new SlackApiError('push_limit_reached');
    return answer(state, view);
  },

  'views.update'(args, state) {
    const viewId = stringArg(args, 'view_id');
    const externalId = stringArg(args, 'external_id');
    if (viewId === undefined && externalId === undefined) {
      throw invalidArguments(['must provide either view_id or external_id']);
    }
    const existing = viewId !== undefined ? state.views.find(viewId) : state.views.findByExternalId(externalId ?? '');
    if (existing === undefined) throw new SlackApiError('not_found');
    const definition = readView(args, state, existing.type);
    const hash = stringArg(args, 'hash');
    if (hash !== undefined && hash !== existing.hash) throw new SlackApiError('hash_conflict');
    return answer(state, state.views.replace(existing, definition));
  },

  'views.publish'(args, state) {
    const userId = requiredStringArg(args, 'user_id');
    const user = state.workspace.findUser(userId);
    if (user === undefined || user.id !== userId) throw new SlackApiError('user_not_found');
    const definition = readView(args, state, 'home');
    const hash = stringArg(args, 'hash');
    const existing = state.views.home(user.id);
    if (hash !== undefined && existing !== undefined && hash !== existing.hash) throw new SlackApiError('hash_conflict');
    return answer(state, state.views.publishHome(user.id, definition));
  },
};
