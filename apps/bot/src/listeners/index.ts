import type { App } from '@slack/bolt';
import { registerActionListeners } from './actions/index.ts';
import { registerCommandListeners } from './commands/index.ts';
import type { CommandListenerDeps } from './commands/index.ts';

export function registerListeners(app: App, deps: CommandListenerDeps): void {
  registerCommandListeners(app, deps);
  registerActionListeners(app);
}
