import type { App } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import { createAppHomeOpenedHandler } from './app-home.ts';
import type { AppHomeDeps, AppHomeOpenedArgs } from './app-home.ts';

export type EventListenerDeps = AppHomeDeps & { logger: Logger };

/** Binds Events API event types to their handlers, with one closing log line per event. */
export function registerEventListeners(app: App, deps: EventListenerDeps): void {
  const appHome = createAppHomeOpenedHandler(deps);
  app.event('app_home_opened', async (args: AppHomeOpenedArgs) => {
    const started = performance.now();
    const fields = { event: 'app_home_opened', userId: args.event.user, tab: args.event.tab, eventTs: args.event.event_ts };
    try {
      const outcome = await appHome(args);
      deps.logger.info({ ...fields, outcome, durationMs: Math.round(performance.now() - started) }, 'event handled');
    } catch (error) {
      // A failed views.publish (Slack down, a view Slack refused): logged; nothing to answer.
      deps.logger.error({ ...fields, err: error, outcome: 'crashed', durationMs: Math.round(performance.now() - started) }, 'event handled');
    }
  });
}
