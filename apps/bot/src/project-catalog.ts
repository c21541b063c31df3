import type { ApiClient } from '@trainops/api-client';
import type { ProjectSummary } from '@trainops/contracts';

// The bot asks the api which projects exist on nearly every /train. The list changes rarely, so
// it is kept for a short while; a name that is not in the kept list triggers one fresh look before
// the user is told it does not exist (a project added a moment ago must not be "unknown").

export interface ProjectCatalogOptions {
  api: Pick<ApiClient, 'listProjects'>;
  /** How long a fetched list is trusted; default 30 s. */
  ttlMs?: number;
  now?: () => number;
}

export interface ProjectLookup {
  /** The project, when it exists. */
  project: ProjectSummary | undefined;
  /** Every project the api knows, for "did you mean" and the list of known ones. */
  known: ProjectSummary[];
}

export interface ProjectCatalog {
  find(name: string): Promise<ProjectLookup>;
  list(): Promise<ProjectSummary[]>;
}

export function createProjectCatalog(options: ProjectCatalogOptions): ProjectCatalog {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  let cached: { projects: ProjectSummary[]; fetchedAt: number } | undefined;
  let inFlight: Promise<ProjectSummary[]> | undefined;

  // Concurrent commands share one request instead of each asking the api.
  function fetchFresh(): Promise<ProjectSummary[]> {
    inFlight ??= options.api
      .listProjects()
      .then((projects) => {
        cached = { projects, fetchedAt: now() };
        return projects;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  async function list(): Promise<{ projects: ProjectSummary[]; fresh: boolean }> {
    if (cached && now() - cached.fetchedAt < ttlMs) return { projects: cached.projects, fresh: false };
    return { projects: await fetchFresh(), fresh: true };
  }

  return {
    async find(name) {
      const kept = await list();
      const project = kept.projects.find((candidate) => candidate.name === name);
      if (project || kept.fresh) return { project, known: kept.projects };
      const projects = await fetchFresh();
      return { project: projects.find((candidate) => candidate.name === name), known: projects };
    },
    async list() {
      return (await list()).projects;
    },
  };
}
