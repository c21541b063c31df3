import type { PrismaClient } from '@trainops/db';

// What a new result is compared with: the project's model behind the `production` alias. Its
// metrics are those of the run it was promoted from (Run.metrics, the summary the result
// collector stored), best epoch first — best.pt is what gets promoted.

export interface ProductionModel {
  version: number;
  metrics: Record<string, number | null>;
}

export const productionAlias = 'production';

export async function findProductionModel(prisma: PrismaClient, project: string): Promise<ProductionModel | null> {
  const alias = await prisma.modelAlias.findUnique({
    where: { project_alias: { project, alias: productionAlias } },
    include: { modelVersion: { include: { sourceRun: { select: { metrics: true } } } } },
  });
  if (alias === null) return null;
  const metrics = bestMetricsOf(alias.modelVersion.sourceRun.metrics);
  return metrics === null ? null : { version: alias.modelVersion.version, metrics };
}

/** The best (else final) epoch's metrics of a stored run summary; null for anything else (e.g. `{ unavailable }`). */
function bestMetricsOf(summary: unknown): Record<string, number | null> | null {
  if (summary === null || typeof summary !== 'object') return null;
  const epochs = summary as { best?: { metrics?: unknown } | null; final?: { metrics?: unknown } };
  const metrics = epochs.best?.metrics ?? epochs.final?.metrics;
  if (metrics === null || typeof metrics !== 'object') return null;
  const values: Record<string, number | null> = {};
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' || value === null) values[name] = value;
  }
  return values;
}
