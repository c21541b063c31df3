import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '@trainops/contracts';
import type { NodeStatus, Workflow } from './argo-types.ts';
import { getWorkflowNodes } from './workflow-nodes.ts';

const nodes: Record<string, NodeStatus> = {
  'train-abc-2': { id: 'train-abc-2', displayName: 'train', phase: 'Running', startedAt: '2026-11-29T10:05:00Z' },
  'train-abc': { id: 'train-abc', displayName: 'train-abc', type: 'DAG', phase: 'Running', startedAt: '2026-11-29T10:00:00Z' },
  'train-abc-3': { id: 'train-abc-3', displayName: 'publish', phase: 'Pending' },
};

function workflowWith(status: Workflow['status']): Workflow {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'train-abc' }, spec: {}, status };
}

describe('getWorkflowNodes', () => {
  it('lists status.nodes by start time, nodes not started last', () => {
    expect(getWorkflowNodes(workflowWith({ nodes })).map((node) => node.displayName)).toEqual(['train-abc', 'train', 'publish']);
  });

  it('reads nodes that Argo compressed into status.compressedNodes', () => {
    const compressedNodes = gzipSync(JSON.stringify(nodes)).toString('base64');
    expect(getWorkflowNodes(workflowWith({ compressedNodes }))).toEqual(getWorkflowNodes(workflowWith({ nodes })));
  });

  it('says that offloaded node status needs the Argo Server API', () => {
    expect(() => getWorkflowNodes(workflowWith({ offloadNodeStatusVersion: 'fnv:1234' }))).toThrow(
      new UpstreamError(
        "workflow train-abc keeps its node status in Argo's database (offloadNodeStatusVersion fnv:1234); reading it needs the Argo Server API, which this client does not use. Turn off node status offloading or raise the controller's status size limit",
        { details: { workflow: 'train-abc', offloadNodeStatusVersion: 'fnv:1234' } },
      ),
    );
  });

  it('reports compressed nodes that are not gzipped JSON', () => {
    expect(() => getWorkflowNodes(workflowWith({ compressedNodes: 'bm90IGd6aXA=' }))).toThrow('workflow train-abc has status.compressedNodes that are not base64 gzipped JSON');
  });

  it('gives no nodes for a workflow the controller has not started', () => {
    expect(getWorkflowNodes(workflowWith(undefined))).toEqual([]);
  });
});
