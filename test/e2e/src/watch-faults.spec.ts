import { setTimeout as delay } from 'node:timers/promises';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestDevStack, type RunningDevStack } from './dev-stack-fixture.ts';
import { createKubeFaultsClient, type KubeFaults, type KubeFaultsClient } from './kube-faults.ts';
import { actionIdsOf, chartFilesOf, resultRepliesOf, trainEpochOf } from './slack-thread.ts';
import { createTrainRunProbe, type TrainRunProbe } from './train-run-probe.ts';

// The api's watch on Workflows misbehaves mid-run, through the Kubernetes stand-in's faults
// (its /_emulator/faults, which act on every watch as a real API server would): the stream is
// cut, or the server's history is so short that resuming gets 410 Gone and the client must list
// again. Either way the watch itself recovers — the card keeps moving epoch by epoch, which the
// api's 30 s resync could not do — and the thread gets the result exactly once.
// (The dev stack fixes WATCH_RESYNC_SECONDS at 30; its config does not expose it.)

interface WatchResume {
  reason: string;
}

describe("the api's workflow watch cut or expired while a /train run goes on", () => {
  let stack: RunningDevStack;
  let probe: TrainRunProbe;
  let kubeFaults: KubeFaultsClient;

  beforeAll(async () => {
    // debug: the api logs each resume of its watch with the reason ("closed", "expired").
    stack = await startTestDevStack({ YOLO_SECONDS_PER_EPOCH: '0.3', SLACK_CARD_EDIT_INTERVAL_MS: '200', LOG_LEVEL: 'debug' });
    probe = createTrainRunProbe(stack);
    kubeFaults = createKubeFaultsClient(stack.info.kube);
  }, 120_000);
  afterEach(async () => {
    await kubeFaults.clear();
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  /** Another client of the cluster rewriting a ConfigMap over and over until stopped. */
  function startBusyNeighbour(): { start(): void; stop(): Promise<void> } {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(stack.info.kubeconfig);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const namespace = stack.info.namespace;
    const name = 'busy-neighbour';
    let running = false;
    let loop: Promise<void> = Promise.resolve();
    return {
      start() {
        running = true;
        loop = (async () => {
          await core.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { write: '0' } } });
          for (let write = 1; running; write += 1) {
            await core.replaceNamespacedConfigMap({ name, namespace, body: { metadata: { name }, data: { write: String(write) } } });
            await delay(10);
          }
          await core.deleteNamespacedConfigMap({ name, namespace });
        })();
      },
      async stop() {
        running = false;
        await loop;
      },
    };
  }

  /** The api's own account of its watch resuming, from its output since `from`. */
  function apiWatchResumes(from: number): WatchResume[] {
    return stack.output
      .slice(from)
      .filter((line) => line.startsWith('api   |') && line.includes('workflow watch resumes'))
      .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as WatchResume);
  }

  /**
   * A 15-epoch run under faults. The stand-in applies faults to watches that start after them, so
   * `fromStart` is set and the api restarted (cleanly) before the run: its watch, open since the
   * api started, begins anew under them. `midRun` runs once the card shows training. What is
   * returned covers the time from then to the end.
   */
  async function trainThrough(faults: { fromStart: KubeFaults; midRun?: () => Promise<void> }): Promise<{ resumes: WatchResume[]; epochsAfterMark: Set<number> }> {
    await kubeFaults.set(faults.fromStart);
    await stack.restartApp('api');
    const before = await probe.typeCommand('/train pcb-defect epochs=15');
    const running = await probe.waitForCard(before, (message) => /running/.test(message.text) && (trainEpochOf(message.text) ?? 0) >= 1, 'the card to show the first epochs done', 120_000);
    const editsBefore = await probe.cardEdits(running.ts);
    const epochAtMark = Math.max(0, ...editsBefore.map((text) => trainEpochOf(text) ?? 0));
    const outputAtMark = stack.output.length;
    await faults.midRun?.();

    const card = await probe.waitForSettledResult(running.ts);
    expect(card.text).toMatch(/succeeded/);
    const results = resultRepliesOf(card);
    expect(results, JSON.stringify(card.replies, null, 2)).toHaveLength(1);
    expect(actionIdsOf(results[0]!)).toEqual(['approve_run', 'reject_run']);
    expect(chartFilesOf(card)).toHaveLength(1);
    expect(card.replies).toHaveLength(2);
    const run = await probe.api.getRun((await probe.runOfCard(card.ts)).id);
    expect(run).toMatchObject({ state: 'succeeded', progress: 'epoch 15/15' });
    expect(run.metrics).toMatchObject({ epochsRun: 15 });

    const editsAfter = (await probe.cardEdits(running.ts)).slice(editsBefore.length);
    const epochsAfterMark = new Set(editsAfter.map((text) => trainEpochOf(text) ?? 0).filter((epoch) => epoch > epochAtMark));
    return { resumes: apiWatchResumes(outputAtMark), epochsAfterMark };
  }

  it('cut after every few events: the watch resumes where it was and the card keeps moving', async () => {
    const { resumes, epochsAfterMark } = await trainThrough({ fromStart: { watchEventLimit: 3 } });
    expect(resumes.map((resume) => resume.reason)).toContain('closed');
    expect(epochsAfterMark.size, `epochs on the card during the cuts: ${[...epochsAfterMark].join(', ')}`).toBeGreaterThanOrEqual(3);
  }, 300_000);

  it('resumed past the history (410 Gone): the watch lists again and the card keeps moving', async () => {
    // The short history alone ends no watch: the cuts make the client resume. From mid-run the
    // history keeps one write, and a busy neighbour writes all the time, so by the time a cut
    // watch resumes its last version has left the history (as on a busy cluster whose etcd compacts).
    const neighbour = startBusyNeighbour();
    const { resumes, epochsAfterMark } = await trainThrough({
      fromStart: { watchEventLimit: 2 },
      midRun: async () => {
        await kubeFaults.set({ historyWindow: 1 });
        neighbour.start();
      },
    }).finally(() => neighbour.stop());
    expect(resumes.map((resume) => resume.reason)).toContain('expired');
    expect(epochsAfterMark.size, `epochs on the card after the history shrank: ${[...epochsAfterMark].join(', ')}`).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
