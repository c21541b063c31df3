import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestDevStack, type RunningDevStack } from './dev-stack-fixture.ts';
import { actionIdsOf, chartFilesOf, resultRepliesOf, trainEpochOf, type SlackMessage } from './slack-thread.ts';
import { createTrainRunProbe, type TrainRunProbe } from './train-run-probe.ts';

// The api process dies mid-run (SIGKILL: no clean shutdown, nothing flushed) and is started
// again. The run goes on in the cluster meanwhile; the new api reconciles it from the database
// and the cluster, and the thread still gets the final result exactly once.

const finalPhases = ['Succeeded', 'Failed', 'Error'];

describe('the api killed and restarted while a /train run goes on', () => {
  let stack: RunningDevStack;
  let probe: TrainRunProbe;

  beforeAll(async () => {
    // Slow enough epochs that the kill lands in training, fast enough to keep the suite short.
    stack = await startTestDevStack({ YOLO_SECONDS_PER_EPOCH: '0.3', SLACK_CARD_EDIT_INTERVAL_MS: '200' });
    probe = createTrainRunProbe(stack);
  }, 120_000);
  afterAll(async () => {
    await stack?.dispose();
  });

  /** Starts a 15-epoch run and resolves once its card shows training under way. */
  async function startTrainingRun(): Promise<{ card: SlackMessage; runId: string; workflowName: string }> {
    const before = await probe.typeCommand('/train pcb-defect epochs=15');
    const card = await probe.waitForCard(before, (message) => /running/.test(message.text) && (trainEpochOf(message.text) ?? 0) >= 1, 'the card to show the first epochs done', 120_000);
    const run = await probe.runOfCard(card.ts);
    const workflowName = run.workflow?.name;
    if (workflowName === undefined) throw new Error(`the running run ${run.id} has no workflow`);
    return { card, runId: run.id, workflowName };
  }

  /** Exactly one result (with the decision buttons), one chart, the card and the api record succeeded. */
  async function expectOneSucceededResult(cardTs: string, runId: string): Promise<void> {
    const card = await probe.waitForSettledResult(cardTs);
    expect(card.text).toMatch(/succeeded/);
    const results = resultRepliesOf(card);
    expect(results, JSON.stringify(card.replies, null, 2)).toHaveLength(1);
    expect(results[0]?.text).toMatch(/succeeded: mAP50 \d\.\d+/);
    expect(actionIdsOf(results[0]!)).toEqual(['approve_run', 'reject_run']);
    expect(chartFilesOf(card)).toHaveLength(1);
    // Nothing else in the thread: no failure, no second copy of anything.
    expect(card.replies).toHaveLength(2);
    const run = await probe.api.getRun(runId);
    expect(run).toMatchObject({ state: 'succeeded', progress: 'epoch 15/15' });
    expect(run.metrics).toMatchObject({ epochsRun: 15, task: 'detect' });
  }

  it('killed while training: the new api picks the run up and the thread gets the result once', async () => {
    const { card, runId, workflowName } = await startTrainingRun();
    expect(await probe.workflowPhase(workflowName)).toBe('Running');

    await stack.restartApp('api', { signal: 'SIGKILL' });

    await expectOneSucceededResult(card.ts, runId);
  }, 300_000);

  it('down while the run ends: the new api finds it finished and the thread gets the result once', async () => {
    const { card, runId, workflowName } = await startTrainingRun();

    await stack.restartApp('api', {
      signal: 'SIGKILL',
      whileStopped: async () => {
        const phase = await eventually(
          async () => {
            const current = await probe.workflowPhase(workflowName);
            return finalPhases.includes(current) ? current : undefined;
          },
          `${workflowName} to end while the api is down`,
          120_000,
        );
        expect(phase).toBe('Succeeded');
        // Nobody told Slack: the card still shows the run as the killed api left it.
        const stale = (await probe.channelMessages()).find((message) => message.ts === card.ts);
        expect(stale?.text).toMatch(/running/);
        expect(stale?.replies ?? []).toHaveLength(0);
      },
    });

    await expectOneSucceededResult(card.ts, runId);
  }, 300_000);
});
