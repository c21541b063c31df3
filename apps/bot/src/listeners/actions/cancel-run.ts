import type { ApiClient } from '@trainops/api-client';
import type { SlackMessage } from '@trainops/slack-ui';
import { buildErrorReply, isRefusal } from '../../error-reply.ts';
import type { Logger } from '../../logger.ts';
import { actionLogFields, clickedRunId, replyToClicker } from './action-context.ts';
import type { ActionOutcome, ButtonActionHandler } from './action-context.ts';
import { buildCancelReply } from './run-action-replies.ts';

export interface CancelRunActionDeps {
  api: Pick<ApiClient, 'cancelRun'>;
  logger: Logger;
}

/** "Cancel run" on a run card: the api decides who may, and whether the run still can be. */
export function createCancelRunActionHandler(deps: CancelRunActionDeps): ButtonActionHandler {
  return async (args) => {
    await args.ack();
    let outcome: ActionOutcome;
    let reply: SlackMessage;
    try {
      const { run, stopping } = await deps.api.cancelRun(clickedRunId(args), { requester: args.body.user.id });
      outcome = stopping ? 'stopping' : 'cancelled';
      reply = buildCancelReply(run, stopping);
    } catch (error) {
      outcome = isRefusal(error) ? 'refused' : 'failed';
      reply = buildErrorReply(error, { logger: deps.logger, context: actionLogFields(args) });
    }
    await replyToClicker(args, reply);
    return outcome;
  };
}
