import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';

/**
 * The "Open run" button is a link: the browser opens the URL. Slack still sends the click to the
 * app and shows the user an error unless it is acknowledged, so it is, and nothing more.
 */
export function createOpenRunActionHandler() {
  return async ({ ack }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
  };
}
