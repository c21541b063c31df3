import type { RunState } from '@trainops/contracts';
import type { PrismaClient, RunRecord } from '@trainops/db';
import type { SlackNotifier } from '../notifier/index.ts';
import type { RunResult, WorkflowRunStatus } from '../pipeline/index.ts';
import type { RunSlackUpdates } from './run-slack-updates.ts';

// A finished run owes its thread a result until `runs.slack_result_ts` is set. Usually the
// watcher's end-of-run path pays it at once; it stays owed when the api stopped between recording
// the end and posting, or when Slack refused for longer than the notifier's retries. Owed results
// are sent at start-up (read before the watcher starts, so nothing the watcher finishes is taken
// twice) and by a sweep every interval, which leaves alone what this process is sending right now
// and anything that ended within the grace period (another replica may still be posting it). The
// thread is read before each send, so a result that did go out is recorded, not repeated.
// Results owed for more than a day are left: a result posted days late into a forgotten thread
// helps no one, and the card links the run.

const finishedStates: RunState[] = ['succeeded', 'failed', 'error', 'cancelled'];
export const owedResultMaxAgeMs = 24 * 60 * 60 * 1000;
export const owedResultGraceMs = 60_000;

export function findRunsOwingResults(prisma: PrismaClient, now: Date, options: { graceMs?: number } = {}): Promise<RunRecord[]> {
  return prisma.run.findMany({
    where: {
      state: { in: finishedStates },
      slackCardTs: { not: null },
      slackResultTs: null,
      finishedAt: { gte: new Date(now.getTime() - owedResultMaxAgeMs), lte: new Date(now.getTime() - (options.graceMs ?? 0)) },
    },
    orderBy: { finishedAt: 'asc' },
  });
}

export interface OwedResultsOptions {
  prisma: PrismaClient;
  notifier: Pick<SlackNotifier, 'rememberCard'>;
  updates: RunSlackUpdates;
  /** What the run's end left (the collector), with its workflow's last status when it still exists. */
  collect(run: RunRecord): Promise<{ result: RunResult; status: WorkflowRunStatus | null }>;
  sweepIntervalMs: number;
  logger: { info(details: object, message: string): void; error(details: object, message: string): void };
  now?: () => Date;
}

export interface OwedResults {
  /** Wraps the end-of-run path's own send, so a sweep meanwhile leaves that run alone. */
  sending(runId: string, work: () => Promise<void>): Promise<void>;
  /** Sends `initial` (read before the watcher started), then sweeps every interval until `stop`. */
  start(initial: readonly RunRecord[]): void;
  stop(): Promise<void>;
}

export function createOwedResults(options: OwedResultsOptions): OwedResults {
  const { prisma, notifier, updates, logger } = options;
  const now = options.now ?? (() => new Date());
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let stopped = false;

  async function sending(runId: string, work: () => Promise<void>): Promise<void> {
    inFlight.add(runId);
    try {
      await work();
    } finally {
      inFlight.delete(runId);
    }
  }

  async function send(runs: readonly RunRecord[]): Promise<void> {
    const due = runs.filter((run) => !inFlight.has(run.id));
    if (due.length > 0) logger.info({ runs: due.map((run) => run.id) }, 'sending results still owed to Slack');
    for (const run of due) {
      if (stopped) return;
      notifier.rememberCard(run.id, run.slackChannelId ?? '', run.slackCardTs ?? '');
      await sending(run.id, async () => {
        // Ended before it had a workflow: the final card is its whole result.
        if (run.state === 'cancelled' && run.workflowName === null) {
          await updates.runEnded(run);
          return;
        }
        const { result, status } = await options.collect(run);
        await updates.runFinished(run, result, { recovering: true, status });
      }).catch((error: unknown) => logger.error({ runId: run.id, err: error }, 'could not send a result owed to Slack; the next sweep tries again'));
    }
  }

  function sweep(): void {
    // One pass at a time; a slow Slack must not pile passes on top of each other.
    current = current.then(async () => {
      if (stopped) return;
      try {
        await send(await findRunsOwingResults(prisma, now(), { graceMs: owedResultGraceMs }));
      } catch (error) {
        logger.error({ err: error }, 'could not look for results owed to Slack; the next sweep tries again');
      }
    });
  }

  return {
    sending,
    start(initial) {
      current = send(initial);
      timer = setInterval(sweep, options.sweepIntervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      await current;
    },
  };
}
