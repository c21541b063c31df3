import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { createApiClient, type ApiClient } from '@trainops/api-client';
import type { Run } from '@trainops/contracts';
import { toLabelValue, trainopsLabels } from '@trainops/workflows';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestDevStack, type RunningDevStack } from './dev-stack-fixture.ts';

// What a person sees when Kubernetes refuses or fails the create of a run's Workflow: the card
// ends in error with a message that says what went wrong and what to do, the run is recorded as
// `error` with that message, the thread offers Retry, and no Workflow is left behind for a run the
// api gave up on. The failures are the Kubernetes stand-in's fault bursts (its /_emulator/faults),
// which answer exactly what a real API server answers.

interface SlackTextObject {
  text: string;
}
interface SlackBlock {
  type: string;
  text?: SlackTextObject;
  fields?: SlackTextObject[];
  elements?: Array<{ action_id?: string; value?: string; text?: SlackTextObject | string }>;
}
interface SlackMessage {
  text: string;
  ts: string;
  blocks?: SlackBlock[];
  replies?: SlackMessage[];
}

interface FaultBurst {
  status: number;
  count: number;
  verb?: string;
  resource?: string;
}

const channel = 'C07PCB4D3F1';
const project = 'pcb-defect';

/** All the words of a message's blocks, as a person reads them. */
function blockText(message: SlackMessage): string {
  return (message.blocks ?? [])
    .flatMap((block) => [
      block.text?.text,
      ...(block.fields ?? []).map((field) => field.text),
      ...(block.elements ?? []).map((element) => (typeof element.text === 'string' ? element.text : element.text?.text)),
    ])
    .filter((text): text is string => typeof text === 'string')
    .join('\n');
}

function actionIdsOf(message: SlackMessage): string[] {
  return (message.blocks ?? [])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? [])
    .map((element) => element.action_id ?? '');
}

/** How the card and the thread show text: Slack's mrkdwn escapes only these three. */
function asMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

describe('Kubernetes refusing or failing the submit of /train, as the user sees it in Slack', () => {
  let stack: RunningDevStack;
  let api: ApiClient;
  let workflows: CustomObjectsApi;
  let faultsUrl: string;

  beforeAll(async () => {
    stack = await startTestDevStack({ SLACK_CARD_EDIT_INTERVAL_MS: '200', YOLO_SECONDS_PER_EPOCH: '0.05' });
    api = createApiClient({ baseUrl: stack.info.api, token: stack.info.apiToken });
    const kubeconfig = new KubeConfig();
    kubeconfig.loadFromFile(stack.info.kubeconfig);
    workflows = kubeconfig.makeApiClient(CustomObjectsApi);
    // The stand-in's port speaks plain HTTP too; its self-signed certificate is only for clients
    // that need TLS to send a token, and the side door takes none.
    const kube = new URL(stack.info.kube);
    kube.protocol = 'http:';
    faultsUrl = new URL('/_emulator/faults', kube).href;
  }, 120_000);

  afterEach(async () => {
    // A burst the api did not use up must not fail the next test's submit.
    await fetch(faultsUrl, { method: 'DELETE' });
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  async function setBursts(bursts: FaultBurst[]): Promise<void> {
    const response = await fetch(faultsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ bursts }) });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  async function burstsLeft(): Promise<FaultBurst[]> {
    return ((await (await fetch(faultsUrl)).json()) as { bursts: FaultBurst[] }).bursts;
  }

  async function channelMessages(): Promise<SlackMessage[]> {
    const response = await fetch(`${stack.info.slack}/_emulator/messages?channel=${channel}`);
    return ((await response.json()) as { messages: SlackMessage[] }).messages;
  }

  /** Types /train in the channel; resolves with the ts of every message that was there before. */
  async function typeTrain(): Promise<Set<string>> {
    const before = new Set((await channelMessages()).map((message) => message.ts));
    const command = await fetch(`${stack.info.slack}/_emulator/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', channel: project, text: `/train ${project} epochs=2` }),
    });
    expect(command.status).toBe(200);
    return before;
  }

  /** The new card once it has ended in error and its thread has the failure reply. */
  async function failedCard(before: Set<string>): Promise<{ card: SlackMessage; failure: SlackMessage }> {
    return eventually(
      async () => {
        const card = (await channelMessages()).find((message) => !before.has(message.ts) && /: error$/.test(message.text));
        const failure = card?.replies?.find((reply) => actionIdsOf(reply).includes('retry_run'));
        return card !== undefined && failure !== undefined ? { card, failure } : undefined;
      },
      'the run card to end in error with the failure in its thread',
      90_000,
    );
  }

  async function runOfCard(card: SlackMessage): Promise<Run> {
    const run = (await api.listRuns({ project, limit: 100 })).items.find((candidate) => candidate.slack?.cardTs === card.ts);
    if (run === undefined) throw new Error(`no run has the card ${card.ts}`);
    return run;
  }

  async function workflowsOfRun(runId: string): Promise<unknown[]> {
    const list = (await workflows.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: stack.info.namespace,
      plural: 'workflows',
      labelSelector: `${trainopsLabels.runId}=${toLabelValue(runId)}`,
    })) as { items: unknown[] };
    return list.items;
  }

  /** What every refused submit must show: the same message on the card, in the thread and in the api, and nothing on the cluster. */
  async function expectErrorShownEverywhere(card: SlackMessage, failure: SlackMessage): Promise<Run> {
    const run = await runOfCard(card);
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
    expect(await workflowsOfRun(run.id)).toEqual([]);
    return run;
  }

  it('403: says Kubernetes does not let the api create workflows and how to grant it', async () => {
    await setBursts([{ status: 403, count: 1, verb: 'create', resource: 'workflows' }]);
    const { card, failure } = await failedCard(await typeTrain());
    const run = await expectErrorShownEverywhere(card, failure);
    expect(run.message).toMatch(/^Kubernetes refused to create the workflow: /);
    expect(run.message).toContain(
      `workflows.argoproj.io is forbidden: User "kubernetes-admin" cannot create resource "workflows" in API group "argoproj.io" in the namespace "${stack.info.namespace}"`,
    );
    expect(run.message).toMatch(/Grant "create" on workflows\.argoproj\.io to the api's ServiceAccount \(deploy\/argo\/rbac\.yaml, Role trainops-api\)/);
    expect(await burstsLeft()).toEqual([]);
  }, 120_000);

  it('409: says the workflow name is taken and that Retry makes a new run under a new name', async () => {
    await setBursts([{ status: 409, count: 1, verb: 'create', resource: 'workflows' }]);
    const { card, failure } = await failedCard(await typeTrain());
    const run = await expectErrorShownEverywhere(card, failure);
    expect(run.message).toMatch(/^Kubernetes refused to create the workflow: /);
    expect(run.message).toMatch(new RegExp(`workflows\\.argoproj\\.io "${project}-${run.id}" already exists`));
    expect(run.message).toMatch(/Retry starts a new run under a new name/);
    expect(await burstsLeft()).toEqual([]);
  }, 120_000);

  it('500 beyond the api\'s retries: says the cluster failed and to try again, and Retry then trains', async () => {
    // More 500s than the api's Argo client tries a create (4 attempts): the submit gives up.
    await setBursts([{ status: 500, count: 10, verb: 'create', resource: 'workflows' }]);
    const { card, failure } = await failedCard(await typeTrain());
    const run = await expectErrorShownEverywhere(card, failure);
    expect(run.message).toMatch(/^Kubernetes could not create the workflow: the Kubernetes API failed to create workflows\.argoproj\.io in namespace \S+ \(HTTP 500 InternalError\)/);
    expect(run.message).toMatch(/try again/i);
    // The api did retry before giving up.
    const [left] = await burstsLeft();
    expect(left?.count).toBeLessThan(9);

    // The cluster is well again: Retry in the thread starts a new run like it, which trains.
    await fetch(faultsUrl, { method: 'DELETE' });
    const before = new Set((await channelMessages()).map((message) => message.ts));
    const runsBefore = new Set((await api.listRuns({ project, limit: 100 })).items.map((candidate) => candidate.id));
    const click = await fetch(`${stack.info.slack}/_emulator/click`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', channel: project, message_ts: failure.ts, action_id: 'retry_run' }),
    });
    expect(click.status, await click.clone().text()).toBe(200);
    // The new run is a run like the failed one, requested by whoever clicked.
    const retried = await eventually(
      async () => (await api.listRuns({ project, limit: 100 })).items.find((candidate) => !runsBefore.has(candidate.id)),
      'the retried run',
      30_000,
    );
    expect(retried.params).toEqual(run.params);
    const retriedCard = await eventually(
      async () => {
        const cardTs = (await api.getRun(retried.id)).slack?.cardTs;
        return (await channelMessages()).find((message) => !before.has(message.ts) && message.ts === cardTs && /succeeded/.test(message.text));
      },
      'the retried run\'s card to end succeeded',
      120_000,
    );
    expect(retriedCard.text).toMatch(/succeeded/);
    expect(await workflowsOfRun(retried.id)).toHaveLength(1);
  }, 240_000);

  it('a single 500 that the api\'s retry absorbs: the run trains as usual', async () => {
    await setBursts([{ status: 500, count: 1, verb: 'create', resource: 'workflows' }]);
    const before = await typeTrain();
    const card = await eventually(
      async () => (await channelMessages()).find((message) => !before.has(message.ts) && /succeeded/.test(message.text) && (message.replies?.length ?? 0) >= 1),
      'the run card to end succeeded',
      120_000,
    );
    const run = await runOfCard(card);
    expect(run).toMatchObject({ state: 'succeeded', message: expect.not.stringMatching(/Kubernetes/) });
    expect(await workflowsOfRun(run.id)).toHaveLength(1);
    expect(await burstsLeft()).toEqual([]);
  }, 180_000);
});
