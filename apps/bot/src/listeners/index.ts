import type { App } from '@slack/bolt';
import { registerActionListeners } from './actions/index.ts';
import { registerCommandListeners } from './commands/index.ts';
import type { CommandListenerDeps } from './commands/index.ts';
import { registerEventListeners } from './events/index.ts';

export type ListenerDeps = CommandListenerDeps;

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommandListeners(app, deps);
  registerActionListeners(app, deps);
  registerEventListeners(app, deps);
}
