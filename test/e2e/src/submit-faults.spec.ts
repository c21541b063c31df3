import type { Run } from '@trainops/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestDevStack, type RunningDevStack } from './dev-stack-fixture.ts';
import { createKubeFaultsClient, type KubeFaultsClient } from './kube-faults.ts';
import { actionIdsOf, blockText, type SlackMessage } from './slack-thread.ts';
import { createTrainRunProbe, type TrainRunProbe } from './train-run-probe.ts';

// What a person sees when Kubernetes refuses or fails the create of a run's Workflow: the card
// ends in error with a message that says what went wrong and what to do, the run is recorded as
// `error` with that message, the thread offers Retry, and no Workflow is left behind for a run the
// api gave up on. The failures are the Kubernetes stand-in's fault bursts (its /_emulator/faults),
// which answer exactly what a real API server answers.

const project = 'pcb-defect';

/** How the card and the thread show text: Slack's mrkdwn escapes only these three. */
function asMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

describe('Kubernetes refusing or failing the submit of /train, as the user sees it in Slack', () => {
  let stack: RunningDevStack;
  let probe: TrainRunProbe;
  let kubeFaults: KubeFaultsClient;

  beforeAll(async () => {
    stack = await startTestDevStack({ SLACK_CARD_EDIT_INTERVAL_MS: '200', YOLO_SECONDS_PER_EPOCH: '0.05' });
    probe = createTrainRunProbe(stack);
    kubeFaults = createKubeFaultsClient(stack.info.kube);
  }, 120_000);

  afterEach(async () => {
    // A burst the api did not use up must not fail the next test's submit.
    await kubeFaults.clear();
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  /** Types /train in the channel; resolves with the ts of every message that was there before. */
  async function typeTrain(): Promise<Set<string>> {
    return probe.typeCommand(`/train ${project} epochs=2`);
  }

  /** The new card once it has ended in error and its thread has the failure reply. */
  async function failedCard(before: Set<string>): Promise<{ card: SlackMessage; failure: SlackMessage }> {
    return eventually(
      async () => {
        const card = (await probe.channelMessages()).find((message) => !before.has(message.ts) && /: error$/.test(message.text));
        const failure = card?.replies?.find((reply) => actionIdsOf(reply).includes('retry_run'));
        return card !== undefined && failure !== undefined ? { card, failure } : undefined;
      },
      'the run card to end in error with the failure in its thread',
      90_000,
    );
  }

  /** What every refused submit must show: the same message on the card, in the thread and in the api, and nothing on the cluster. */
  async function expectErrorShownEverywhere(card: SlackMessage, failure: SlackMessage): Promise<Run> {
    const run = await probe.runOfCard(card.ts);
    expect(run).toMatchObject({ state: 'error', workflow: null });
    const message = run.message ?? '';
    expect(message).not.toBe('');
    expect(blockText(card)).toContain(asMrkdwn(message));
    expect(failure.text).toMatch(/stopped with an error/);
    expect(blockText(failure)).toContain(
      message
        .split('\n')
        .map((line) => `> ${asMrkdwn(line)}`)
        .join('\n'),
    );
    expect(actionIdsOf(failure)).toEqual(['retry_run']);
    expect(actionIdsOf(card)).toEqual([]);
    expect(await probe.workflowsOfRun(run.id)).toEqual([]);
    return run;
  }

  it('403: says Kubernetes does not let the api create workflows and how to grant it', async () => {
    await kubeFaults.set({ bursts: [{ status: 403, count: 1, verb: 'create', resource: 'workflows' }] });
    const { card, failure } = await failedCard(await typeTrain());
    const run = await expectErrorShownEverywhere(card, failure);
    expect(run.message).toMatch(/^Kubernetes refused to create the workflow: /);
    expect(run.message).toContain(
      `workflows.argoproj.io is forbidden: User "kubernetes-admin" cannot create resource "workflows" in API group "argoproj.io" in the namespace "${stack.info.namespace}"`,
    );
    expect(run.message).toMatch(/Grant "create" on workflows\.argoproj\.io to the api's ServiceAccount \(deploy\/argo\/rbac\.yaml, Role trainops-api\)/);
    expect(await kubeFaults.burstsLeft()).toEqual([]);
  }, 120_000);

  it('409: says the workflow name is taken and that Retry makes a new run under a new name', async () => {
    await kubeFaults.set({ bursts: [{ status: 409, count: 1, verb: 'create', resource: 'workflows' }] });
    const { card, failure } = await failedCard(await typeTrain());
    const run = await expectErrorShownEverywhere(card, failure);
    expect(run.message).toMatch(/^Kubernetes refused to create the workflow: /);
    expect(run.message).toMatch(new RegExp(`workflows\\.argoproj\\.io "${project}-${run.id}" already exists`));
    expect(run.message).toMatch(/Retry starts a new run under a new name/);
    expect(await kubeFaults.burstsLeft()).toEqual([]);
  }, 120_000);

  it('500 beyond the api\'s retries: says the cluster failed and to try again, and Retry then trains', async () => {
    // More 500s than the api's Argo client tries a create (4 attempts): the submit gives up.
    await kubeFaults.set({ bursts: [{ status: 500, count: 10, verb: 'create', resource: 'workflows' }] });
    const { card, failure } = await failedCard(await typeTrain());
    const run = await expectErrorShownEverywhere(card, failure);
    expect(run.message).toMatch(/^Kubernetes could not create the workflow: the Kubernetes API failed to create workflows\.argoproj\.io in namespace \S+ \(HTTP 500 InternalError\)/);
    expect(run.message).toMatch(/try again/i);
    // The api did retry before giving up.
    const [left] = await kubeFaults.burstsLeft();
    expect(left?.count).toBeLessThan(9);

    // The cluster is well again: Retry in the thread starts a new run like it, which trains.
    await kubeFaults.clear();
    const before = new Set((await probe.channelMessages()).map((message) => message.ts));
    const runsBefore = new Set((await probe.api.listRuns({ project, limit: 100 })).items.map((candidate) => candidate.id));
    await probe.clickButton(failure.ts, 'retry_run');
    // The new run is a run like the failed one, requested by whoever clicked.
    const retried = await eventually(
      async () => (await probe.api.listRuns({ project, limit: 100 })).items.find((candidate) => !runsBefore.has(candidate.id)),
      'the retried run',
      30_000,
    );
    expect(retried.params).toEqual(run.params);
    const retriedCard = await eventually(
      async () => {
        const cardTs = (await probe.api.getRun(retried.id)).slack?.cardTs;
        return (await probe.channelMessages()).find((message) => !before.has(message.ts) && message.ts === cardTs && /succeeded/.test(message.text));
      },
      'the retried run\'s card to end succeeded',
      120_000,
    );
    expect(retriedCard.text).toMatch(/succeeded/);
    expect(await probe.workflowsOfRun(retried.id)).toHaveLength(1);
  }, 240_000);

  it('a single 500 that the api\'s retry absorbs: the run trains as usual', async () => {
    await kubeFaults.set({ bursts: [{ status: 500, count: 1, verb: 'create', resource: 'workflows' }] });
    const before = await typeTrain();
    const card = await probe.waitForCard(before, (message) => /succeeded/.test(message.text) && (message.replies?.length ?? 0) >= 1, 'the run card to end succeeded', 120_000);
    const run = await probe.runOfCard(card.ts);
    expect(run).toMatchObject({ state: 'succeeded', message: expect.not.stringMatching(/Kubernetes/) });
    expect(await probe.workflowsOfRun(run.id)).toHaveLength(1);
    expect(await kubeFaults.burstsLeft()).toEqual([]);
  }, 180_000);
});
