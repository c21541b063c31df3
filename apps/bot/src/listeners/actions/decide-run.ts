import type { ApiClient } from '@trainops/api-client';
import type { SlackMessage } from '@trainops/slack-ui';
import { buildErrorReply, isRefusal } from '../../error-reply.ts';
import type { Logger } from '../../logger.ts';
import type { ProjectCatalog } from '../../project-catalog.ts';
import { actionLogFields, clickedRunId, replyToClicker } from './action-context.ts';
import type { ActionOutcome, ButtonActionHandler } from './action-context.ts';
import { buildDecisionPendingReply, buildNotAnApproverReply, buildNothingToDecideReply } from './run-action-replies.ts';

export interface DecideRunActionDeps {
  api: Pick<ApiClient, 'getRun'>;
  projects: ProjectCatalog;
  logger: Logger;
}

const undecidedStates = new Set(['succeeded', 'pending_approval']);

/**
 * "Approve & promote" and "Reject". Promotion needs the model registry, which does not exist
 * yet, so nothing is decided or promoted: the clicker is told so honestly. Who may decide is
 * checked all the same, so nobody is led to think they could.
 *
 * Approver lists may name Slack user groups; the bot cannot see their members, so only users
 * listed by id are recognised here (the api will check groups when it takes decisions).
 */
export function createDecideRunActionHandler(deps: DecideRunActionDeps): ButtonActionHandler {
  return async (args) => {
    await args.ack();
    let outcome: ActionOutcome = 'answered';
    let reply: SlackMessage;
    try {
      const run = await deps.api.getRun(clickedRunId(args));
      const { project } = await deps.projects.find(run.project);
      const approvers = project?.approvers ?? [];
      if (!approvers.includes(args.body.user.id)) {
        outcome = 'refused';
        reply = buildNotAnApproverReply(run.project, approvers);
      } else if (!undecidedStates.has(run.state)) {
        reply = buildNothingToDecideReply(run);
      } else {
        reply = buildDecisionPendingReply(run);
      }
    } catch (error) {
      outcome = isRefusal(error) ? 'refused' : 'failed';
      reply = buildErrorReply(error, { logger: deps.logger, context: actionLogFields(args) });
    }
    await replyToClicker(args, reply);
    return outcome;
  };
}
