import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { createApiClient, type ApiClient } from '@trainops/api-client';
import type { Run } from '@trainops/contracts';
import { eventually, type RunningDevStack } from './dev-stack-fixture.ts';

// What the fault suites (api restarts, cut watches) read about one /train run: its card and
// thread as the Slack stand-in holds them, the card edits in the order the api sent them, the
// run as the api records it, and its Workflow as the cluster has it.

export interface SlackFile {
  name: string;
}
export interface SlackBlock {
  type: string;
  elements?: Array<{ action_id?: string }>;
}
export interface SlackMessage {
  text: string;
  ts: string;
  blocks?: SlackBlock[];
  files?: SlackFile[];
  replies?: SlackMessage[];
}
interface SlackCall {
  at: string;
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
}

export const pcbDefectChannel = 'C07PCB4D3F1';
const workflowResource = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' } as const;

/** "Training run … : running (train 3/15 epochs)" → 3; undefined before training shows progress. */
export function trainEpochOf(cardText: string): number | undefined {
  const match = /\(train (\d+)\/\d+/.exec(cardText);
  return match ? Number(match[1]) : undefined;
}

export function actionIdsOf(message: SlackMessage): string[] {
  return (message.blocks ?? [])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? [])
    .map((element) => element.action_id ?? '');
}

/** The thread replies that carry a result: the ones with decision buttons. */
export function resultRepliesOf(card: SlackMessage): SlackMessage[] {
  return (card.replies ?? []).filter((reply) => actionIdsOf(reply).includes('approve_run'));
}

export function chartFilesOf(card: SlackMessage): SlackFile[] {
  return (card.replies ?? []).flatMap((reply) => reply.files ?? []).filter((file) => file.name === 'training-chart.png');
}

export interface TrainRunProbe {
  api: ApiClient;
  channelMessages(): Promise<SlackMessage[]>;
  /** Types the command in #pcb-defect as alice; resolves with the ts of every message there before. */
  typeCommand(text: string): Promise<Set<string>>;
  /** The first new card (not in `before`) whose text passes `matches`. */
  waitForCard(before: Set<string>, matches: (text: string) => boolean, what: string, timeoutMs?: number): Promise<SlackMessage>;
  /** The texts of every chat.update of the card so far, in the order the api sent them. */
  cardEdits(cardTs: string): Promise<string[]>;
  /**
   * The card once it says succeeded and has its result, and Slack has heard nothing more for
   * `quietMs`: a second result, if the api were to send one, would be there by then.
   */
  waitForSettledResult(cardTs: string, timeoutMs?: number, quietMs?: number): Promise<SlackMessage>;
  runOfCard(cardTs: string): Promise<Run>;
  /** The Workflow's phase in the cluster ('' before the controller sets one). */
  workflowPhase(name: string): Promise<string>;
}

export function createTrainRunProbe(stack: RunningDevStack): TrainRunProbe {
  const api = createApiClient({ baseUrl: stack.info.api, token: stack.info.apiToken });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(stack.info.kubeconfig);
  const customObjects = kubeConfig.makeApiClient(CustomObjectsApi);

  async function channelMessages(): Promise<SlackMessage[]> {
    const response = await fetch(`${stack.info.slack}/_emulator/messages?channel=${pcbDefectChannel}`);
    return ((await response.json()) as { messages: SlackMessage[] }).messages;
  }

  async function slackCalls(): Promise<SlackCall[]> {
    const response = await fetch(`${stack.info.slack}/_emulator/calls`);
    return ((await response.json()) as { calls: SlackCall[] }).calls;
  }

  async function findCard(cardTs: string): Promise<SlackMessage | undefined> {
    return (await channelMessages()).find((message) => message.ts === cardTs);
  }

  return {
    api,
    channelMessages,
    async typeCommand(text) {
      const before = new Set((await channelMessages()).map((message) => message.ts));
      const command = await fetch(`${stack.info.slack}/_emulator/command`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'alice', channel: 'pcb-defect', text }),
      });
      if (command.status !== 200) throw new Error(`the command was not delivered: ${command.status} ${await command.text()}`);
      return before;
    },
    waitForCard(before, matches, what, timeoutMs = 90_000) {
      return eventually(async () => (await channelMessages()).find((message) => !before.has(message.ts) && matches(message.text)), what, timeoutMs);
    },
    async cardEdits(cardTs) {
      return (await slackCalls()).filter((call) => call.method === 'chat.update' && call.ok && call.args['ts'] === cardTs).map((call) => String(call.args['text'] ?? ''));
    },
    async waitForSettledResult(cardTs, timeoutMs = 120_000, quietMs = 3_000) {
      await eventually(
        async () => {
          const card = await findCard(cardTs);
          return card !== undefined && /succeeded/.test(card.text) && resultRepliesOf(card).length > 0 ? card : undefined;
        },
        'the card to say succeeded with the result in its thread',
        timeoutMs,
      );
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
    },
    async runOfCard(cardTs) {
      const run = (await api.listRuns({ project: 'pcb-defect', limit: 100 })).items.find((candidate) => candidate.slack?.cardTs === cardTs);
      if (run === undefined) throw new Error(`no run has the card ${cardTs}`);
      return run;
    },
    async workflowPhase(name) {
      const workflow = (await customObjects.getNamespacedCustomObject({ ...workflowResource, namespace: stack.info.namespace, name })) as { status?: { phase?: string } };
      return workflow.status?.phase ?? '';
    },
  };
}
