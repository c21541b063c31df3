import type { App, BlockButtonAction } from '@slack/bolt';
import type { ApiClient } from '@trainops/api-client';
import { approveRunActionId, cancelRunActionId, openRunActionId, rejectRunActionId, retryRunActionId } from '@trainops/slack-ui';
import type { Logger } from '../../logger.ts';
import type { ProjectCatalog } from '../../project-catalog.ts';
import { actionLogFields } from './action-context.ts';
import type { ButtonActionArgs, ButtonActionHandler } from './action-context.ts';
import { createCancelRunActionHandler } from './cancel-run.ts';
import { createDecideRunActionHandler } from './decide-run.ts';
import { createOpenRunActionHandler } from './open-run.ts';
import { createRetryRunActionHandler } from './retry-run.ts';

export interface ActionListenerDeps {
  api: ApiClient;
  projects: ProjectCatalog;
  logger: Logger;
}

/** Binds block action ids to their handlers; nothing else happens here. */
export function registerActionListeners(app: App, deps: ActionListenerDeps): void {
  app.action(openRunActionId, createOpenRunActionHandler());
  const bind = (actionId: string, handler: ButtonActionHandler) =>
    app.action<BlockButtonAction>(actionId, withActionLog(handler, deps.logger));
  bind(cancelRunActionId, createCancelRunActionHandler(deps));
  bind(retryRunActionId, createRetryRunActionHandler(deps));
  const decide = createDecideRunActionHandler(deps);
  bind(approveRunActionId, decide);
  bind(rejectRunActionId, decide);
}

// One closing log line per click, with how it ended: what operators search for, and what the
// tests wait on to know a click is completely done.
function withActionLog(handler: ButtonActionHandler, logger: Logger) {
  return async (args: ButtonActionArgs): Promise<void> => {
    const started = performance.now();
    const fields = actionLogFields(args);
    try {
      const outcome = await handler(args);
      logger.info({ ...fields, outcome, durationMs: Math.round(performance.now() - started) }, 'action handled');
    } catch (error) {
      // Handlers answer every expected failure themselves; this is a failed respond() (an
      // expired response_url) or a bug. Logged, not rethrown: Bolt has nothing better to do with it.
      logger.error({ ...fields, err: error, outcome: 'crashed', durationMs: Math.round(performance.now() - started) }, 'action handled');
    }
  };
}
