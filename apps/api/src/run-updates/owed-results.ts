import type { RunState } from '@trainops/contracts';
import type { PrismaClient, RunRecord } from '@trainops/db';

// Which finished runs still owe their thread a result: finished, with a card, and no result ts
// recorded (the api stopped between recording the end and posting it). Older ones are left: a
// result posted days late into a forgotten thread helps no one, and the card links the run.

const finishedStates: RunState[] = ['succeeded', 'failed', 'error', 'cancelled'];
export const owedResultMaxAgeMs = 24 * 60 * 60 * 1000;

export function findRunsOwingResults(prisma: PrismaClient, now: Date): Promise<RunRecord[]> {
  return prisma.run.findMany({
    where: {
      state: { in: finishedStates },
      slackCardTs: { not: null },
      slackResultTs: null,
      finishedAt: { gte: new Date(now.getTime() - owedResultMaxAgeMs) },
    },
    orderBy: { finishedAt: 'asc' },
  });
}
