// One workflow name per run, derived from the run id, instead of Argo's usual generateName: the
// Kubernetes API server then guarantees what no lookup can (two api replicas submitting the same
// run at the same moment, or a create retried after its answer was lost, get 409 AlreadyExists
// instead of a second training run on a GPU).

const maxWorkflowNameLength = 63;

/** `<project>-<run id>`, the project cut so the whole stays a valid 63-character name. */
export function buildRunWorkflowName(project: string, runId: string): string {
  const id = runId.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const room = maxWorkflowNameLength - id.length - 1;
  const prefix = project
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, Math.max(room, 0))
    .replace(/^-+|-+$/g, '');
  const name = prefix === '' ? `run-${id}` : `${prefix}-${id}`;
  return name.slice(0, maxWorkflowNameLength).replace(/-+$/, '');
}
