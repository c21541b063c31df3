import { InputError, ProjectNotFoundError, suggestClosest } from '@trainops/contracts';
import type { ProjectConfig } from './project-config-schema.ts';

/** The known projects, read-only: loaded once at start-up and shared by every request. */
export interface ProjectRegistry {
  /** Every project, sorted by name. */
  list(): ProjectConfig[];
  /** Throws ProjectNotFoundError (with `details.known`) for an unknown name. */
  get(name: string): ProjectConfig;
  has(name: string): boolean;
}

/** A registry over already-validated projects. Pure: the projects are copied and frozen. */
export function createProjectRegistry(projects: readonly ProjectConfig[]): ProjectRegistry {
  const byName = new Map<string, ProjectConfig>();
  for (const project of projects) {
    if (byName.has(project.name)) throw new InputError(`Project "${project.name}" is defined twice`, { details: { name: project.name } });
    // A copy, frozen: a caller that edits a config it got must not change it for everyone else.
    byName.set(project.name, deepFreeze(structuredClone(project)));
  }
  const names = [...byName.keys()].sort();
  const sorted = names.map((name) => byName.get(name) as ProjectConfig);

  return {
    list: () => [...sorted],
    has: (name) => byName.has(name),
    get(name) {
      const project = byName.get(name);
      if (project !== undefined) return project;
      throw new ProjectNotFoundError(describeUnknownProject(name, names), { details: { known: [...names] } });
    },
  };
}

function describeUnknownProject(name: string, known: readonly string[]): string {
  if (known.length === 0) return `Unknown project "${name}". No projects are configured.`;
  const suggestion = suggestClosest(name, known);
  const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
  return `Unknown project "${name}".${hint} Known projects: ${known.join(', ')}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
