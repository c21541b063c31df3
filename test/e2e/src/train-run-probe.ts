import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { createApiClient, type ApiClient } from '@trainops/api-client';
import type { Run } from '@trainops/contracts';
import { toLabelValue, trainopsLabels } from '@trainops/workflows';
import { eventually, type RunningDevStack } from './dev-stack-fixture.ts';
import { resultRepliesOf, type SlackMessage } from './slack-thread.ts';

// What the suites do and read around /train runs in #pcb-defect: type the command and click the
// buttons as a person would (through the Slack stand-in's test API), the cards and threads as
// the stand-in holds them, the card edits in the order the api sent them, the runs as the api
// records them, and their Workflows as the cluster has them.

interface SlackCall {
  at: string;
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
}

// The stand-in's command and click take the channel by name; its messages list, by id.
const pcbDefectChannelId = 'C07PCB4D3F1';
const pcbDefectChannelName = 'pcb-defect';
const project = 'pcb-defect';
const workflowResource = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' } as const;

export interface TrainRunProbe {
  api: ApiClient;
  channelMessages(): Promise<SlackMessage[]>;
  /** Types the command in #pcb-defect as alice; resolves with the ts of every message there before. */
  typeCommand(text: string): Promise<Set<string>>;
  /** Clicks the button `actionId` on the message `messageTs` in #pcb-defect as alice. */
  clickButton(messageTs: string, actionId: string): Promise<void>;
  /** The first new card (not in `before`) that passes `matches`. */
  waitForCard(before: Set<string>, matches: (card: SlackMessage) => boolean, what: string, timeoutMs?: number): Promise<SlackMessage>;
  /** The texts of every chat.update of the card so far, in the order the api sent them. */
  cardEdits(cardTs: string): Promise<string[]>;
  /**
   * The card once Slack has heard nothing from the api for `quietMs`: a further edit or reply,
   * if the api were to send one, would be there by then.
   */
  cardOnceQuiet(cardTs: string, quietMs?: number): Promise<SlackMessage>;
  /** The card once it says succeeded and has its result, and then once quiet (see cardOnceQuiet). */
  waitForSettledResult(cardTs: string, timeoutMs?: number, quietMs?: number): Promise<SlackMessage>;
  runOfCard(cardTs: string): Promise<Run>;
  /** The Workflow's phase in the cluster ('' before the controller sets one). */
  workflowPhase(name: string): Promise<string>;
  /** The Workflows in the cluster that carry the run's label. */
  workflowsOfRun(runId: string): Promise<unknown[]>;
}

export function createTrainRunProbe(stack: RunningDevStack): TrainRunProbe {
  const api = createApiClient({ baseUrl: stack.info.api, token: stack.info.apiToken });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(stack.info.kubeconfig);
  const customObjects = kubeConfig.makeApiClient(CustomObjectsApi);

  async function channelMessages(): Promise<SlackMessage[]> {
    const response = await fetch(`${stack.info.slack}/_emulator/messages?channel=${pcbDefectChannelId}`);
    return ((await response.json()) as { messages: SlackMessage[] }).messages;
  }

  async function slackCalls(): Promise<SlackCall[]> {
    const response = await fetch(`${stack.info.slack}/_emulator/calls`);
    return ((await response.json()) as { calls: SlackCall[] }).calls;
  }

  async function findCard(cardTs: string): Promise<SlackMessage | undefined> {
    return (await channelMessages()).find((message) => message.ts === cardTs);
  }

  async function postToSlack(path: string, body: Record<string, string>, what: string): Promise<void> {
    const response = await fetch(`${stack.info.slack}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', channel: pcbDefectChannelName, ...body }),
    });
    if (response.status !== 200) throw new Error(`the ${what} was not delivered: ${response.status} ${await response.text()}`);
  }

  async function cardOnceQuiet(cardTs: string, quietMs = 3_000): Promise<SlackMessage> {
    let lastCount = -1;
    let quietSince = Date.now();
    await eventually(
      async () => {
        const count = (await slackCalls()).length;
        if (count !== lastCount) {
          lastCount = count;
          quietSince = Date.now();
          return undefined;
        }
        return Date.now() - quietSince >= quietMs ? true : undefined;
      },
      'Slack to hear nothing more from the api',
      60_000,
    );
    const card = await findCard(cardTs);
    if (card === undefined) throw new Error(`the card ${cardTs} is gone`);
    return card;
  }

  return {
    api,
    channelMessages,
    async typeCommand(text) {
      const before = new Set((await channelMessages()).map((message) => message.ts));
      await postToSlack('/_emulator/command', { text }, 'command');
      return before;
    },
    async clickButton(messageTs, actionId) {
      await postToSlack('/_emulator/click', { message_ts: messageTs, action_id: actionId }, 'click');
    },
    waitForCard(before, matches, what, timeoutMs = 90_000) {
      return eventually(async () => (await channelMessages()).find((message) => !before.has(message.ts) && matches(message)), what, timeoutMs);
    },
    async cardEdits(cardTs) {
      return (await slackCalls()).filter((call) => call.method === 'chat.update' && call.ok && call.args['ts'] === cardTs).map((call) => String(call.args['text'] ?? ''));
    },
    cardOnceQuiet,
    async waitForSettledResult(cardTs, timeoutMs = 120_000, quietMs = 3_000) {
      await eventually(
        async () => {
          const card = await findCard(cardTs);
          return card !== undefined && /succeeded/.test(card.text) && resultRepliesOf(card).length > 0 ? card : undefined;
        },
        'the card to say succeeded with the result in its thread',
        timeoutMs,
      );
      return cardOnceQuiet(cardTs, quietMs);
    },
    async runOfCard(cardTs) {
      const run = (await api.listRuns({ project, limit: 100 })).items.find((candidate) => candidate.slack?.cardTs === cardTs);
      if (run === undefined) throw new Error(`no run has the card ${cardTs}`);
      return run;
    },
    async workflowPhase(name) {
      const workflow = (await customObjects.getNamespacedCustomObject({ ...workflowResource, namespace: stack.info.namespace, name })) as { status?: { phase?: string } };
      return workflow.status?.phase ?? '';
    },
    async workflowsOfRun(runId) {
      const list = (await customObjects.listNamespacedCustomObject({
        ...workflowResource,
        namespace: stack.info.namespace,
        labelSelector: `${trainopsLabels.runId}=${toLabelValue(runId)}`,
      })) as { items: unknown[] };
      return list.items;
    },
  };
}
