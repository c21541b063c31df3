import { gunzipSync } from 'node:zlib';
import { UpstreamError } from '@trainops/contracts';
import type { NodeStatus, Workflow } from './argo-types.ts';

// Argo keeps a workflow's nodes in one of three places: `status.nodes`; `status.compressedNodes`
// (base64 of gzipped JSON) when the status grows past its limit; or its own database when node
// status offloading is on, which only the Argo Server API can read.

/** The nodes of `workflow`, ordered by start time (nodes not started yet last), then id. */
export function getWorkflowNodes(workflow: Workflow): NodeStatus[] {
  const status = workflow.status;
  const name = workflow.metadata.name ?? workflow.metadata.generateName ?? '(unnamed)';
  if (status?.offloadNodeStatusVersion !== undefined && status.offloadNodeStatusVersion !== '') {
    throw new UpstreamError(
      `workflow ${name} keeps its node status in Argo's database (offloadNodeStatusVersion ${status.offloadNodeStatusVersion}); reading it needs the Argo Server API, which this client does not use. Turn off node status offloading or raise the controller's status size limit`,
      { details: { workflow: name, offloadNodeStatusVersion: status.offloadNodeStatusVersion } },
    );
  }
  const nodes = status?.compressedNodes ? decompressNodes(status.compressedNodes, name) : (status?.nodes ?? {});
  return Object.entries(nodes)
    .map(([id, node]) => ({ ...node, id: node.id ?? id }))
    .sort(compareNodes);
}

function decompressNodes(compressed: string, workflowName: string): Record<string, NodeStatus> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(Buffer.from(compressed, 'base64')).toString('utf8'));
  } catch (error) {
    throw new UpstreamError(`workflow ${workflowName} has status.compressedNodes that are not base64 gzipped JSON`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UpstreamError(`workflow ${workflowName} has status.compressedNodes that do not hold a map of nodes`);
  }
  return parsed as Record<string, NodeStatus>;
}

function compareNodes(a: NodeStatus, b: NodeStatus): number {
  if (a.startedAt !== b.startedAt) {
    if (a.startedAt === undefined) return 1;
    if (b.startedAt === undefined) return -1;
    return a.startedAt < b.startedAt ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
