import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { YOLO_KNOBS_FILE } from '@trainops/dev-stack';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startTestDevStack, type RunningDevStack } from './dev-stack-fixture.ts';
import { actionIdsOf, blockText, repliesWith, threadFilesOf, type SlackMessage } from './slack-thread.ts';
import { createTrainRunProbe, type TrainRunProbe } from './train-run-probe.ts';

// Runs that go wrong, as the person who typed /train sees them in Slack: a training step that
// dies (the failure reply names the step, shows the end of its log and offers Retry) and a
// training that finishes without usable metrics (still a success, with a note saying why and the
// decision buttons). One dev stack for the file; the faults come from the yolo stand-in's knobs
// file in the stack's data folder, which the stand-in reads at every start (no restart needed).

const project = 'pcb-defect';
const alice = 'U05BX9ZT3PQ';
const pcbDefectChannel = 'C07PCB4D3F1';

describe('/train runs that fail or lose their metrics, as the user sees them in Slack', () => {
  let stack: RunningDevStack;
  let probe: TrainRunProbe;

  beforeAll(async () => {
    stack = await startTestDevStack({ SLACK_CARD_EDIT_INTERVAL_MS: '200', YOLO_SECONDS_PER_EPOCH: '0.05' });
    probe = createTrainRunProbe(stack);
  }, 120_000);
  afterAll(async () => {
    await stack?.dispose();
  });

  /** Sets the stand-in's knobs for the next runs; written whole and renamed so no step reads half a file. */
  async function setYoloKnobs(knobs: Record<string, string>): Promise<void> {
    const file = path.join(stack.dataDir, YOLO_KNOBS_FILE);
    await writeFile(`${file}.tmp`, JSON.stringify(knobs));
    await rename(`${file}.tmp`, file);
  }

  beforeEach(async () => {
    await rm(path.join(stack.dataDir, YOLO_KNOBS_FILE), { force: true });
  });

  /**
   * The new card once it has ended and its thread has the reply that ends a run (the result with
   * Approve / Reject, or the failure with Retry), and Slack has then heard nothing from the api
   * for a while: a second reply, if the api were to post one, would be there by then. Whichever
   * way the run ended, so a run that ends the wrong way fails the test at once, saying how.
   */
  async function settledCard(before: Set<string>): Promise<SlackMessage> {
    const card = await probe.waitForCard(
      before,
      (message) =>
        /: (succeeded|failed|error)$/.test(message.text) &&
        (message.replies ?? []).some((reply) => actionIdsOf(reply).some((id) => id === 'approve_run' || id === 'retry_run')),
      'the run card to end with a result or a failure in its thread',
      120_000,
    );
    return probe.cardOnceQuiet(card.ts);
  }

  /** The one reply in the card's thread that carries `actionId`; fails if there are none or several. */
  function onlyReplyWith(card: SlackMessage, actionId: string): SlackMessage {
    const replies = repliesWith(card, actionId);
    expect(replies, `replies with ${actionId}`).toHaveLength(1);
    return replies[0]!;
  }

  it('a train step that dies at epoch 2: the card ends failed, the reply names the step, shows the log tail and offers Retry', async () => {
    await setYoloKnobs({ YOLO_STANDIN_FAIL_AT_EPOCH: '2' });
    const card = await settledCard(await probe.typeCommand(`/train ${project} epochs=3`));
    expect(card.text).toMatch(/: failed$/);

    const failure = onlyReplyWith(card, 'retry_run');
    expect(actionIdsOf(failure)).toEqual(['retry_run']);
    expect(failure.text).toMatch(/ failed\.$/);
    const text = blockText(failure);
    expect(text).toMatch(/failed in step \*train\* \(exit code 1\)\./);
    // The stand-in's own lines: epoch 1's progress line, then the traceback's last line.
    expect(text).toMatch(/^ {8}1\/3 /m);
    expect(text).toContain('RuntimeError: DataLoader worker (pid(s) 4242) exited unexpectedly');
    expect(repliesWith(card, 'approve_run')).toEqual([]);
    expect(await probe.runOfCard(card.ts)).toMatchObject({ state: 'failed' });
  }, 180_000);

  it('a CUDA out-of-memory: the failure reply recognises it and advises a smaller batch', async () => {
    await setYoloKnobs({ YOLO_STANDIN_CUDA_OOM_AT_EPOCH: '1' });
    const card = await settledCard(await probe.typeCommand(`/train ${project} epochs=2`));
    expect(card.text).toMatch(/: failed$/);

    const failure = onlyReplyWith(card, 'retry_run');
    expect(failure.text).toMatch(/failed\. CUDA ran out of GPU memory\.$/);
    const text = blockText(failure);
    expect(text).toContain(':bulb: *Likely cause: CUDA ran out of GPU memory.*\nTry a smaller batch (batch=8) or a smaller image size (imgsz).');
    expect(text).toMatch(/torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate \d+\.\d\d GiB/);
    expect(await probe.runOfCard(card.ts)).toMatchObject({ state: 'failed' });
  }, 180_000);

  it('no results.csv: the card ends succeeded, the result says metrics are unavailable and still has Approve / Reject', async () => {
    await setYoloKnobs({ YOLO_STANDIN_RESULTS_CSV: 'missing' });
    const card = await settledCard(await probe.typeCommand(`/train ${project} epochs=2`));
    expect(card.text).toMatch(/: succeeded$/);

    const result = onlyReplyWith(card, 'approve_run');
    expect(actionIdsOf(result)).toEqual(['approve_run', 'reject_run']);
    expect(result.text).toMatch(/ succeeded \(metrics not available\)\.$/);
    const run = await probe.runOfCard(card.ts);
    expect(blockText(result)).toContain(
      `:warning: *Metrics are not available:* results.csv was not written (no runs/${project}/${run.id}/results.csv in trainops)\nThe run itself succeeded; its files are linked below.`,
    );
    // The weights are linked; results.csv, which does not exist, is not.
    expect(blockText(result)).toMatch(/\|best\.pt>/);
    expect(blockText(result)).not.toMatch(/\|results\.csv>/);
    // Nothing to draw a chart from, and no failure reply.
    expect(threadFilesOf(card)).toEqual([]);
    expect(repliesWith(card, 'retry_run')).toEqual([]);
    expect(run).toMatchObject({ state: 'succeeded', metrics: { unavailable: expect.stringContaining('results.csv was not written') } });
  }, 180_000);

  it('a malformed results.csv: the card ends succeeded and the note says what is wrong with the file', async () => {
    await setYoloKnobs({ YOLO_STANDIN_RESULTS_CSV: 'malformed' });
    const card = await settledCard(await probe.typeCommand(`/train ${project} epochs=3`));
    expect(card.text).toMatch(/: succeeded$/);

    const result = onlyReplyWith(card, 'approve_run');
    expect(actionIdsOf(result)).toEqual(['approve_run', 'reject_run']);
    expect(result.text).toMatch(/ succeeded \(metrics not available\)\.$/);
    // The stand-in cut the last row (epoch 3, line 4) to half its values; the parser says so.
    const reason = /results\.csv line 4: expected \d+ values \(one per column\) but found \d+/;
    expect(blockText(result)).toMatch(new RegExp(`:warning: \\*Metrics are not available:\\* ${reason.source}\\n`));
    expect(repliesWith(card, 'retry_run')).toEqual([]);
    const run = await probe.runOfCard(card.ts);
    expect(run.state).toBe('succeeded');
    expect(run.metrics).toEqual({ unavailable: expect.stringMatching(reason) });
  }, 180_000);

  it('a double click on Retry starts one new run; the second click is told where that retry is', async () => {
    await setYoloKnobs({ YOLO_STANDIN_FAIL_AT_EPOCH: '1' });
    const card = await settledCard(await probe.typeCommand(`/train ${project} epochs=2`));
    const failed = await probe.runOfCard(card.ts);
    const failure = onlyReplyWith(card, 'retry_run');
    const runsBefore = new Set((await probe.api.listRuns({ project })).items.map((run) => run.id));
    const seenEphemeral = (await ephemeralOfAlice()).length;
    const channelBefore = new Set((await probe.channelMessages()).map((message) => message.ts));

    // Two clicks, each its own block_actions (its own action_ts), as Slack sends a double click.
    await Promise.all([probe.clickButton(failure.ts, 'retry_run'), probe.clickButton(failure.ts, 'retry_run')]);

    const answers = await eventually(async () => {
      const ephemeral = (await ephemeralOfAlice()).slice(seenEphemeral);
      return ephemeral.length >= 2 ? ephemeral.map((message) => message.text) : undefined;
    }, 'an answer to each click');
    const retries = (await probe.api.listRuns({ project })).items.filter((run) => !runsBefore.has(run.id));
    expect(retries).toHaveLength(1);
    const retry = retries[0]!;
    expect(answers.filter((text) => text.includes(`Retrying run \`${failed.id.slice(0, 8)}\` as run \`${retry.id.slice(0, 8)}\``))).toHaveLength(1);
    expect(answers.filter((text) => text.includes(`was already retried as run ${retry.id.slice(0, 8)}`))).toHaveLength(1);

    // The retry fails the same way (the knobs still say so); it is let end, so no later test meets it.
    const retryCard = await settledCard(channelBefore);
    expect((await probe.runOfCard(retryCard.ts)).id).toBe(retry.id);
    expect((await probe.api.listRuns({ project })).items.filter((run) => !runsBefore.has(run.id))).toHaveLength(1);
  }, 240_000);

  async function ephemeralOfAlice(): Promise<Array<{ text: string }>> {
    const response = await fetch(`${stack.info.slack}/_emulator/messages?channel=${pcbDefectChannel}`);
    const body = (await response.json()) as { ephemeral: Record<string, Array<{ text: string }>> };
    return body.ephemeral[alice] ?? [];
  }
});
