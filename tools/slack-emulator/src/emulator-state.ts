import type { FileStore } from './file-store.ts';
import type { ResponseUrls, TriggerIds } from './interaction-tokens.ts';
import type { MessageStore } from './message-store.ts';
import type { IdGenerator } from './slack-ids.ts';
import type { ViewStore } from './view-store.ts';
import type { Workspace } from './workspace.ts';

// Everything the emulated Slack remembers, shared by the Web API, the sender and the test API.

export interface StateChange {
  kind: 'message' | 'ephemeral' | 'view' | 'file' | 'reset' | 'delivery';
  channel?: string;
  user?: string;
}

export interface EmulatorState {
  workspace: Workspace;
  messages: MessageStore;
  files: FileStore;
  views: ViewStore;
  triggers: TriggerIds;
  responseUrls: ResponseUrls;
  ids: IdGenerator;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  baseUrl(): string;
  /** Tells live consoles that something changed. */
  changed(change: StateChange): void;
}

/** Short block and action IDs like the ones Slack invents (`"kZ3p"`). */
export function makeBlockId(state: EmulatorState): string {
  return state.ids.id('', 5);
}
