import { describe, expect, it } from 'vitest';
import { createApiClient } from '@trainops/api-client';
import { ConflictError, NotAllowedError } from '@trainops/contracts';
import type { ProjectSummary, Run, RunState } from '@trainops/contracts';
import { setUpBotSuite, startTestBot, testSigningSecret, unusedLoopbackUrl } from '../../test-support/bot-harness.ts';
import type { BotHarness } from '../../test-support/bot-harness.ts';
import { buildRun } from '../../test-support/fake-api.ts';
import { sendBlockActions, signSlackRequest } from '../../test-support/signed-request.ts';
import type { BlockActionsPayload } from '../../test-support/signed-request.ts';
import { visibleText } from '../../test-support/visible-text.ts';

// The run buttons through the real Bolt app: real signed block_actions payloads in, answers read
// where Slack would show them (response_url on the stand-in). The api is the ApiClient fake.

const now = new Date('2025-03-01T12:00:00.000Z');

const projects: ProjectSummary[] = [
  {
    name: 'pcb-defect',
    description: 'Defects on printed circuit boards',
    task: 'detect',
    baseModel: 'yolo11n.pt',
    parameters: { epochs: { type: 'int', min: 1, max: 300, default: 100 } },
    slackChannel: 'C0TRAIN',
    requesters: [],
    approvers: ['U0LEAD', 'S0REVIEWERS'],
  },
];

const suite = setUpBotSuite({ projects, now });
const { api } = suite;
let clicks = 0;

function runIn(state: RunState, id: string): Run {
  const run = buildRun(
    { project: 'pcb-defect', trigger: 'slash', requester: 'U0ADA', params: { epochs: 50 }, slack: { channelId: 'C0TRAIN' } },
    { id, state },
  );
  api.runs = [run, ...api.runs.filter((other) => other.id !== id)];
  return run;
}

function click(actionId: string, runId: string, userId = 'U0ADA'): BlockActionsPayload {
  clicks += 1;
  return {
    type: 'block_actions',
    team: { id: 'T0TEAM', domain: 'acme' },
    user: { id: userId, username: 'someone', team_id: 'T0TEAM' },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    trigger_id: `4242.1717.click${clicks}`,
    response_url: suite.slack.responseUrl(`click${clicks}`),
    channel: { id: 'C0TRAIN', name: 'ml-training' },
    container: { type: 'message', message_ts: '1740830400.000100', channel_id: 'C0TRAIN', is_ephemeral: false },
    message: { type: 'message', ts: '1740830400.000100', text: 'run card' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'run-actions', value: runId, action_ts: `1740830460.${String(clicks).padStart(6, '0')}` }],
  };
}

function responseId(payload: BlockActionsPayload): string {
  return payload.response_url.split('/').at(-1)!;
}

/** Sends the click and waits until the bot has completely handled it. */
async function send(payload: BlockActionsPayload, options: { retryNum?: number; on?: BotHarness } = {}) {
  const target = options.on ?? suite.harness;
  const ack = await sendBlockActions(target.eventsUrl, payload, {
    signingSecret: testSigningSecret,
    ...(options.retryNum === undefined ? {} : { retryNum: options.retryNum }),
  });
  const handled = await target.logs.waitFor(
    (entry) =>
      entry.msg === 'action handled' &&
      entry.actionTs === payload.actions[0]?.action_ts &&
      (entry.retryNum ?? null) === (options.retryNum ?? null),
  );
  return { ack, handled, responses: suite.slack.responses(responseId(payload)) as Record<string, unknown>[] };
}

describe('Cancel run', () => {
  it('acknowledges the click before it waits for the api', async () => {
    const run = runIn('running', '10000000-0000-4000-8000-000000000001');
    const release = api.hold('cancelRun');
    const payload = click('cancel_run', run.id);
    const ackPromise = sendBlockActions(suite.harness.eventsUrl, payload, { signingSecret: testSigningSecret });
    await api.held('cancelRun');
    expect((await ackPromise).status).toBe(200);
    release();
    await suite.slack.nextResponse(responseId(payload));
  });

  it('cancels a queued run as the clicking user and tells only them', async () => {
    const run = runIn('queued', '10000000-0000-4000-8000-000000000002');
    const { ack, handled, responses } = await send(click('cancel_run', run.id));
    expect(ack.status).toBe(200);
    expect(api.calls).toEqual([{ method: 'cancelRun', id: run.id, options: { requester: 'U0ADA' } }]);
    expect(handled.outcome).toBe('cancelled');
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(responses[0])).toEqual([':no_entry_sign: Cancelled run `10000000` of *pcb-defect* before it started.']);
  });

  it('says a running run is being stopped and that its card will show it', async () => {
    const run = runIn('running', '10000000-0000-4000-8000-000000000003');
    const { handled, responses } = await send(click('cancel_run', run.id, 'U0LEAD'));
    expect(api.calls).toEqual([{ method: 'cancelRun', id: run.id, options: { requester: 'U0LEAD' } }]);
    expect(handled.outcome).toBe('stopping');
    expect(visibleText(responses[0])).toEqual([
      ':octagonal_sign: Stopping run `10000000` of *pcb-defect* (it was running).\nIts card shows *cancelled* once the cluster has stopped it.',
    ]);
  });

  it('passes the api’s refusal on as its own message', async () => {
    const run = runIn('running', '10000000-0000-4000-8000-000000000004');
    api.failures.cancelRun = [new NotAllowedError('Only the requester or an approver of pcb-defect can cancel this run.')];
    const { handled, responses } = await send(click('cancel_run', run.id, 'U0STRANGER'));
    expect(handled.outcome).toBe('refused');
    expect(visibleText(responses[0])).toEqual([
      ':warning: *Not allowed*\nOnly the requester or an approver of pcb-defect can cancel this run.',
    ]);
  });

  it('says clearly that the training API is down and that nothing was cancelled', async () => {
    // The real client against a port where nothing listens: the failure the bot sees in production.
    const down = createApiClient({ baseUrl: await unusedLoopbackUrl(), token: 'bot-token', retryDelayMs: 0 });
    const other = await startTestBot({ api: down, slack: suite.slack, now });
    try {
      const { handled, responses } = await send(click('cancel_run', '10000000-0000-4000-8000-000000000005'), { on: other });
      expect(handled.outcome).toBe('failed');
      expect(visibleText(responses[0])).toEqual([
        ':warning: *The training service is not answering*\nThe training API did not answer (connection refused). Nothing was cancelled.',
      ]);
    } finally {
      await other.bot.stop();
    }
  });

  it('refuses a forged click with 401 before anything is asked of the api', async () => {
    const payload = click('cancel_run', '10000000-0000-4000-8000-000000000006');
    const result = await sendBlockActions(suite.harness.eventsUrl, payload, {
      signingSecret: testSigningSecret,
      signature: signSlackRequest('not-the-secret', Math.floor(Date.now() / 1_000), 'x'),
    });
    expect(result.status).toBe(401);
    expect(api.calls).toEqual([]);
    expect(suite.slack.responses(responseId(payload))).toEqual([]);
  });
});

describe('Retry', () => {
  it('starts a new run for the clicking user with a key derived from the click', async () => {
    const failed = runIn('failed', '20000000-0000-4000-8000-000000000001');
    const payload = click('retry_run', failed.id);
    const { handled, responses } = await send(payload);
    const actionTs = payload.actions[0]?.action_ts;
    expect(api.calls).toEqual([
      { method: 'retryRun', id: failed.id, options: { requester: 'U0ADA', idempotencyKey: `slack:T0TEAM:${actionTs}:retry:${failed.id}` } },
    ]);
    expect(handled.outcome).toBe('started');
    const [text, ...rest] = visibleText(responses[0]);
    expect(rest).toEqual([]);
    expect(text).toMatch(
      /^:repeat: Retrying run `20000000` as run `00000000` of \*pcb-defect\*: it is queued\. <http:\/\/api\.test\/api\/v1\/runs\/[0-9a-f-]{36}\|Open run>\nIts card follows in the channel\.$/,
    );
  });

  it('starts one run when Slack delivers the same click twice', async () => {
    const failed = runIn('error', '20000000-0000-4000-8000-000000000002');
    const before = api.runs.length;
    const payload = click('retry_run', failed.id);
    const first = await send(payload);
    const second = await send(payload, { retryNum: 1 });

    const keys = api.calls.flatMap((call) => (call.method === 'retryRun' ? [call.options.idempotencyKey] : []));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(api.runs).toHaveLength(before + 1);
    expect(first.handled.outcome).toBe('started');
    expect(second.handled.outcome).toBe('replayed');
    expect(visibleText(second.responses[1])[0]).toContain('This click had already reached us, so nothing new was started');
  });

  it('gives two different clicks two different keys', async () => {
    const failed = runIn('cancelled', '20000000-0000-4000-8000-000000000003');
    await send(click('retry_run', failed.id));
    await send(click('retry_run', failed.id));
    const keys = api.calls.flatMap((call) => (call.method === 'retryRun' ? [call.options.idempotencyKey] : []));
    expect(new Set(keys).size).toBe(2);
  });

  it('passes the api’s refusal of a run that cannot be retried on', async () => {
    const run = runIn('succeeded', '20000000-0000-4000-8000-000000000004');
    api.failures.retryRun = [new ConflictError('Run 20000000 is succeeded; only a failed, errored or cancelled run can be retried. Nothing was started.')];
    const { handled, responses } = await send(click('retry_run', run.id));
    expect(handled.outcome).toBe('refused');
    expect(visibleText(responses[0])).toEqual([
      ':warning: *That clashes with what is already there*\nRun 20000000 is succeeded; only a failed, errored or cancelled run can be retried. Nothing was started.',
    ]);
  });
});

describe('Approve & promote / Reject', () => {
  it.each(['approve_run', 'reject_run'])('%s tells an approver honestly that promotion is not there yet', async (actionId) => {
    const run = runIn('succeeded', '30000000-0000-4000-8000-000000000001');
    const { handled, responses } = await send(click(actionId, run.id, 'U0LEAD'));
    expect(handled.outcome).toBe('answered');
    expect(responses[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(responses[0])).toEqual([
      ':construction: Promotion arrives with the model registry; the run stays pending your decision.\n(run `30000000` of *pcb-defect*, succeeded)',
    ]);
    // Nothing is decided anywhere: the bot only read the run and the project.
    expect(api.calls.map((call) => call.method).filter((method) => method !== 'listProjects')).toEqual(['getRun']);
  });

  it('refuses someone who is not an approver, naming the approvers', async () => {
    const run = runIn('pending_approval', '30000000-0000-4000-8000-000000000002');
    const { handled, responses } = await send(click('reject_run', run.id, 'U0ADA'));
    expect(handled.outcome).toBe('refused');
    expect(visibleText(responses[0])).toEqual([
      ':warning: *Not allowed*\nOnly approvers of *pcb-defect* (<@U0LEAD>, <!subteam^S0REVIEWERS>) can decide.',
    ]);
  });

  it('says there is nothing to decide on a run that did not succeed', async () => {
    const run = runIn('failed', '30000000-0000-4000-8000-000000000003');
    const { responses } = await send(click('approve_run', run.id, 'U0LEAD'));
    expect(visibleText(responses[0])).toEqual([':x: Run `30000000` of *pcb-defect* is failed: there is nothing to decide.']);
  });
});
