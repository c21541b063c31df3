import { createApiClient, type ApiClient } from '@trainops/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestDevStack, type RunningDevStack } from './dev-stack-fixture.ts';

// The product's main job, on the local stand-ins: a person types /train in the console's
// channel; the api submits the Argo Workflow (checkout → dependencies → dataset → train → export
// → publish, run by the controller as local processes with the yolo stand-in), follows it, and
// the run card and its thread end with the metrics, the chart and the decision buttons.

interface SlackFile {
  name: string;
}
interface SlackBlock {
  type: string;
  elements?: Array<{ action_id?: string }>;
}
interface SlackMessage {
  text: string;
  ts: string;
  edits?: number;
  blocks?: SlackBlock[];
  files?: SlackFile[];
  replies?: SlackMessage[];
}

const channel = 'C07PCB4D3F1';

describe('/train pcb-defect on the dev stack', () => {
  let stack: RunningDevStack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestDevStack({ SLACK_CARD_EDIT_INTERVAL_MS: '200', YOLO_SECONDS_PER_EPOCH: '0.05' });
    api = createApiClient({ baseUrl: stack.info.api, token: stack.info.apiToken });
  }, 90_000);
  afterAll(async () => {
    await stack?.dispose();
  });

  async function channelMessages(): Promise<SlackMessage[]> {
    const response = await fetch(`${stack.info.slack}/_emulator/messages?channel=${channel}`);
    return ((await response.json()) as { messages: SlackMessage[] }).messages;
  }

  it('ends with a succeeded card, the chart and Approve / Reject in the thread', async () => {
    const command = await fetch(`${stack.info.slack}/_emulator/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', channel: 'pcb-defect', text: '/train pcb-defect epochs=3' }),
    });
    expect(command.status).toBe(200);

    const card = await eventually(
      async () => (await channelMessages()).find((message) => /succeeded/.test(message.text) && (message.replies?.length ?? 0) >= 2),
      'the run card to end with its results',
      90_000,
    );
    const replies = card.replies ?? [];
    expect(replies.flatMap((reply) => reply.files ?? []).map((file) => file.name)).toContain('training-chart.png');
    const result = replies.find((reply) => reply.blocks?.some((block) => block.type === 'actions'));
    expect(result?.text).toMatch(/succeeded: mAP50 \d\.\d+/);
    const buttons = result?.blocks?.filter((block) => block.type === 'actions').flatMap((block) => block.elements ?? []).map((element) => element.action_id);
    expect(buttons).toEqual(['approve_run', 'reject_run']);

    const [run] = (await api.listRuns({ project: 'pcb-defect' })).items;
    expect(run).toMatchObject({ state: 'succeeded', trigger: 'slash', params: expect.objectContaining({ epochs: 3 }) });
    expect(run?.metrics).toMatchObject({ epochsRun: 3, task: 'detect' });
    expect(run?.slack?.cardTs).toBe(card.ts);
  }, 120_000);

  it('stops a running run from the card\'s Cancel button and ends the card as cancelled', async () => {
    const before = new Set((await channelMessages()).map((message) => message.ts));
    await fetch(`${stack.info.slack}/_emulator/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', channel: 'pcb-defect', text: '/train pcb-defect epochs=300' }),
    });
    const card = await eventually(
      async () => (await channelMessages()).find((message) => !before.has(message.ts) && /running/.test(message.text)),
      'the new run card to show the run running',
      60_000,
    );
    const click = await fetch(`${stack.info.slack}/_emulator/click`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', channel: 'pcb-defect', message_ts: card.ts, action_id: 'cancel_run' }),
    });
    expect(click.status).toBe(200);
    const ended = await eventually(
      async () => (await channelMessages()).find((message) => message.ts === card.ts && /cancelled/.test(message.text)),
      'the card to say cancelled',
      60_000,
    );
    expect(ended.text).toMatch(/cancelled/);
    const runs = (await api.listRuns({ project: 'pcb-defect', state: 'cancelled' })).items;
    expect(runs).toHaveLength(1);
  }, 120_000);
});
