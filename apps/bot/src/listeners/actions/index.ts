import type { App } from '@slack/bolt';
import { openRunActionId } from '@trainops/slack-ui';
import { createOpenRunActionHandler } from './open-run.ts';

/** Binds block action ids to their handlers. */
export function registerActionListeners(app: App): void {
  app.action(openRunActionId, createOpenRunActionHandler());
}
