import { ProjectNotFoundError, suggestClosest } from '@trainops/contracts';

/** "There is no project …", with the closest known name when one is a plausible typo. */
export function buildUnknownProjectError(name: string, knownNames: readonly string[]): ProjectNotFoundError {
  const suggestion = suggestClosest(name, knownNames);
  const first =
    suggestion === undefined ? `There is no project "${name}".` : `There is no project "${name}". Did you mean "${suggestion}"?`;
  const second = knownNames.length === 0 ? 'No projects are set up yet.' : `Known projects: ${knownNames.join(', ')}.`;
  return new ProjectNotFoundError(`${first}\n${second}`, { details: { project: name, known: knownNames } });
}
