import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestDevStack, type RunningDevStack } from './dev-stack-fixture.ts';
import { actionIdsOf, threadFilesOf } from './slack-thread.ts';
import { createTrainRunProbe, type TrainRunProbe } from './train-run-probe.ts';

// The product's main job, on the local stand-ins: a person types /train in the console's
// channel; the api submits the Argo Workflow (checkout → dependencies → dataset → train → export
// → publish, run by the controller as local processes with the yolo stand-in), follows it, and
// the run card and its thread end with the metrics, the chart and the decision buttons.

describe('/train pcb-defect on the dev stack', () => {
  let stack: RunningDevStack;
  let probe: TrainRunProbe;

  beforeAll(async () => {
    stack = await startTestDevStack({ SLACK_CARD_EDIT_INTERVAL_MS: '200', YOLO_SECONDS_PER_EPOCH: '0.05' });
    probe = createTrainRunProbe(stack);
  }, 90_000);
  afterAll(async () => {
    await stack?.dispose();
  });

  it('ends with a succeeded card, the chart and Approve / Reject in the thread', async () => {
    await probe.typeCommand('/train pcb-defect epochs=3');

    const card = await eventually(
      async () => (await probe.channelMessages()).find((message) => /succeeded/.test(message.text) && (message.replies?.length ?? 0) >= 2),
      'the run card to end with its results',
      90_000,
    );
    const replies = card.replies ?? [];
    expect(threadFilesOf(card).map((file) => file.name)).toContain('training-chart.png');
    const result = replies.find((reply) => reply.blocks?.some((block) => block.type === 'actions'));
    expect(result?.text).toMatch(/succeeded: mAP50 \d\.\d+/);
    // The line above has failed already if there is no result.
    expect(actionIdsOf(result!)).toEqual(['approve_run', 'reject_run']);

    const [run] = (await probe.api.listRuns({ project: 'pcb-defect' })).items;
    expect(run).toMatchObject({ state: 'succeeded', trigger: 'slash', params: expect.objectContaining({ epochs: 3 }) });
    expect(run?.metrics).toMatchObject({ epochsRun: 3, task: 'detect' });
    expect(run?.slack?.cardTs).toBe(card.ts);
  }, 120_000);

  it('stops a running run from the card\'s Cancel button and ends the card as cancelled', async () => {
    const before = await probe.typeCommand('/train pcb-defect epochs=300');
    const card = await probe.waitForCard(before, (message) => /running/.test(message.text), 'the new run card to show the run running', 60_000);
    await probe.clickButton(card.ts, 'cancel_run');
    const ended = await eventually(
      async () => (await probe.channelMessages()).find((message) => message.ts === card.ts && /cancelled/.test(message.text)),
      'the card to say cancelled',
      60_000,
    );
    expect(ended.text).toMatch(/cancelled/);
    const runs = (await probe.api.listRuns({ project: 'pcb-defect', state: 'cancelled' })).items;
    expect(runs).toHaveLength(1);
  }, 120_000);
});
