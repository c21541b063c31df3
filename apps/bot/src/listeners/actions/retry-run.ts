import type { ApiClient } from '@trainops/api-client';
import type { SlackMessage } from '@trainops/slack-ui';
import { buildErrorReply, isRefusal } from '../../error-reply.ts';
import type { Logger } from '../../logger.ts';
import { actionLogFields, clickedRunId, replyToClicker, teamIdOf } from './action-context.ts';
import type { ActionOutcome, ButtonActionHandler } from './action-context.ts';
import { buildClickIdempotencyKey } from './click-idempotency-key.ts';
import { buildRetryReply } from './run-action-replies.ts';

export interface RetryRunActionDeps {
  api: Pick<ApiClient, 'retryRun' | 'runUrl'>;
  logger: Logger;
}

/** "Retry" under a failed run: a new run like it, requested by whoever clicked. */
export function createRetryRunActionHandler(deps: RetryRunActionDeps): ButtonActionHandler {
  return async (args) => {
    await args.ack();
    let outcome: ActionOutcome;
    let reply: SlackMessage;
    try {
      const runId = clickedRunId(args);
      const idempotencyKey = buildClickIdempotencyKey({
        teamId: teamIdOf(args),
        clickId: args.action.action_ts || args.body.trigger_id,
        action: 'retry',
        runId,
      });
      const { run, replayed } = await deps.api.retryRun(runId, { requester: args.body.user.id, idempotencyKey });
      outcome = replayed ? 'replayed' : 'started';
      reply = buildRetryReply(runId, run, replayed, deps.api.runUrl(run.id));
    } catch (error) {
      outcome = isRefusal(error) ? 'refused' : 'failed';
      reply = buildErrorReply(error, { logger: deps.logger, context: actionLogFields(args) });
    }
    await replyToClicker(args, reply);
    return outcome;
  };
}
