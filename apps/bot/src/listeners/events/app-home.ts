import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ApiClient } from '@trainops/api-client';
import { isUserFacingError } from '@trainops/contracts';
import type { Logger } from '../../logger.ts';
import { appHomeRunLimit, buildAppHomeView } from './app-home-view.ts';
import type { AppHomeView } from './app-home-view.ts';

export type AppHomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** How an opened Home tab was handled, for the closing log line. */
export type AppHomeOutcome = 'published' | 'published-without-runs' | 'ignored';

export interface AppHomeDeps {
  api: Pick<ApiClient, 'listRuns'>;
  logger: Logger;
  now: () => Date;
}

/**
 * `app_home_opened` → views.publish with the person's latest runs. Bolt acknowledges events
 * itself; the view is published after. The event also fires for the Messages tab, which is
 * left alone.
 */
export function createAppHomeOpenedHandler(deps: AppHomeDeps) {
  return async ({ event, client }: AppHomeOpenedArgs): Promise<AppHomeOutcome> => {
    if (event.tab !== undefined && event.tab !== 'home') return 'ignored';
    let view: AppHomeView;
    let outcome: AppHomeOutcome = 'published';
    try {
      const page = await deps.api.listRuns({ requester: event.user, limit: appHomeRunLimit });
      view = buildAppHomeView({ runs: page.items, hasMore: page.nextCursor !== null, now: deps.now() });
    } catch (error) {
      // The tab still shows the help; the runs list says why it is missing.
      outcome = 'published-without-runs';
      const reason = isUserFacingError(error) ? error.message : 'something went wrong on our side; please try again in a moment.';
      deps.logger[isUserFacingError(error) ? 'warn' : 'error']({ err: error, userId: event.user }, 'app home runs unavailable');
      view = buildAppHomeView({ runs: [], hasMore: false, now: deps.now(), unavailable: reason });
    }
    await client.views.publish({ user_id: event.user, view });
    return outcome;
  };
}
