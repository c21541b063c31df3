import { describe, expect, it } from 'vitest';
import { findResource } from './resource-definitions.ts';
import type { KubeObject } from './kube-object.ts';
import { buildTable, humanDuration } from './table.ts';

describe('server-side tables', () => {
  it('print ages the way kubectl users know them', () => {
    const s = 1000;
    expect([0, 59 * s, 119 * s, 150 * s, 10 * 60 * s, 4 * 3600 * s + 5 * 60 * s, 30 * 3600 * s, 3 * 86400 * s + 4 * 3600 * s, 400 * 86400 * s].map(humanDuration)).toEqual([
      '0s',
      '59s',
      '119s',
      '2m30s',
      '10m',
      '4h5m',
      '30h',
      '3d4h',
      '400d',
    ]);
  });

  it('show pods with READY, STATUS from container states and metadata-only row objects', () => {
    const pods = findResource('', 'v1', 'pods');
    if (pods === undefined) throw new Error('no pods');
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'wf-main-1', namespace: 'argo', uid: 'u', resourceVersion: '4', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { containers: [{ name: 'main' }, { name: 'wait' }] },
      status: {
        phase: 'Failed',
        containerStatuses: [
          { name: 'main', ready: false, restartCount: 1, state: { terminated: { exitCode: 1, reason: 'Error' } } },
          { name: 'wait', ready: true, restartCount: 0, state: { running: {} } },
        ],
      },
    };
    const table = buildTable(pods, [pod], { resourceVersion: '4' }, {
      apiVersion: 'meta.k8s.io/v1',
      includeObject: 'Metadata',
      withColumnDefinitions: true,
      now: new Date('2026-01-01T00:05:00Z'),
    });
    expect((table['columnDefinitions'] as Array<{ name: string }>).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node']);
    expect(table['rows']).toEqual([
      {
        cells: ['wf-main-1', '1/2', 'Error', '1', '5m', '<none>', '<none>'],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata },
      },
    ]);
  });
});
