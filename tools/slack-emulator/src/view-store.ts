import type { JsonObject } from './json-values.ts';

// Modals (a stack of up to three per person, as Slack allows) and each person's App Home tab.

export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface StoredView {
  id: string;
  user: string;
  type: 'modal' | 'home';
  definition: JsonObject;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  state: ViewStateValues;
  /** Field errors from a `response_action: errors` answer, by block_id. */
  errors?: Record<string, string>;
}

export interface ViewIdentity {
  teamId: string;
  appId: string;
  botId: string;
}

export const maxModalStack = 3;

export interface ViewStore {
  open(user: string, definition: JsonObject): StoredView;
  /** Undefined when the stack is already full. */
  push(user: string, definition: JsonObject): StoredView | undefined;
  replace(view: StoredView, definition: JsonObject): StoredView;
  publishHome(user: string, definition: JsonObject): StoredView;
  find(viewId: string): StoredView | undefined;
  findByExternalId(externalId: string): StoredView | undefined;
  stack(user: string): StoredView[];
  home(user: string): StoredView | undefined;
  /** Closes the top modal; returns it. */
  pop(user: string): StoredView | undefined;
  closeAll(user: string): StoredView[];
  toSlackView(view: StoredView): JsonObject;
  clear(): void;
}

export function createViewStore(identity: ViewIdentity, makeId: () => string, makeHash: () => string): ViewStore {
  let stacks = new Map<string, StoredView[]>();
  let homes = new Map<string, StoredView>();

  function build(user: string, type: 'modal' | 'home', definition: JsonObject, root?: StoredView): StoredView {
    const id = makeId();
    return { id, user, type, definition, hash: makeHash(), rootViewId: root?.rootViewId ?? id, previousViewId: root?.id ?? null, state: {} };
  }

  function all(): StoredView[] {
    return [...[...stacks.values()].flat(), ...homes.values()];
  }

  return {
    open(user, definition) {
      const view = build(user, 'modal', definition);
      stacks.set(user, [view]);
      return view;
    },
    push(user, definition) {
      const stack = stacks.get(user) ?? [];
      if (stack.length >= maxModalStack) return undefined;
      const view = build(user, 'modal', definition, stack[stack.length - 1]);
      stacks.set(user, [...stack, view]);
      return view;
    },
    replace(view, definition) {
      view.definition = definition;
      view.hash = makeHash();
      view.state = {};
      delete view.errors;
      return view;
    },
    publishHome(user, definition) {
      const existing = homes.get(user);
      if (existing !== undefined) {
        existing.definition = definition;
        existing.hash = makeHash();
        return existing;
      }
      const view = build(user, 'home', definition);
      homes.set(user, view);
      return view;
    },
    find: (viewId) => all().find((v) => v.id === viewId),
    findByExternalId: (externalId) => all().find((v) => v.definition.external_id === externalId),
    stack: (user) => [...(stacks.get(user) ?? [])],
    home: (user) => homes.get(user),
    pop(user) {
      const stack = stacks.get(user) ?? [];
      const top = stack.pop();
      stacks.set(user, stack);
      return top;
    },
    closeAll(user) {
      const stack = stacks.get(user) ?? [];
      stacks.set(user, []);
      return stack;
    },
    toSlackView(view) {
      const d = view.definition;
      return {
        id: view.id,
        team_id: identity.teamId,
        type: view.type,
        blocks: structuredClone(d.blocks ?? []),
        private_metadata: typeof d.private_metadata === 'string' ? d.private_metadata : '',
        callback_id: typeof d.callback_id === 'string' ? d.callback_id : '',
        state: { values: structuredClone(view.state) },
        hash: view.hash,
        title: structuredClone(d.title ?? { type: 'plain_text', text: 'View', emoji: true }),
        clear_on_close: d.clear_on_close === true,
        notify_on_close: d.notify_on_close === true,
        close: structuredClone(d.close ?? null),
        submit: structuredClone(d.submit ?? null),
        previous_view_id: view.previousViewId,
        root_view_id: view.rootViewId,
        app_id: identity.appId,
        external_id: typeof d.external_id === 'string' ? d.external_id : '',
        app_installed_team_id: identity.teamId,
        bot_id: identity.botId,
      };
    },
    clear() {
      stacks = new Map();
      homes = new Map();
    },
  };
}
