import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { ProjectConfig } from '@trainops/projects';
import { buildRunLimitsConfigMap } from './build-run-limits-config-map.ts';
import { loadShippedProjects, workspaceRoot } from './testing/sample-options.ts';

describe('buildRunLimitsConfigMap', () => {
  it('sizes one semaphore per project that limits its runs, sorted by name', async () => {
    const [pcbDefect] = await loadShippedProjects();
    const unlimited: ProjectConfig = { ...pcbDefect!, name: 'aaa-unlimited', limits: { activeDeadlineSeconds: 3600 } };
    const three: ProjectConfig = { ...pcbDefect!, name: 'zzz-three', limits: { activeDeadlineSeconds: 3600, maxConcurrentRuns: 3 } };
    expect(buildRunLimitsConfigMap({ projects: [three, unlimited, pcbDefect!], namespace: 'trainops' })).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'trainops-run-limits', namespace: 'trainops', labels: { 'app.kubernetes.io/part-of': 'trainops' } },
      data: { 'pcb-defect': '1', 'zzz-three': '3' },
    });
  });

  it('matches the copy in deploy/argo/semaphores.yaml for the shipped projects', async () => {
    const documents = parseAllDocuments(await readFile(path.join(workspaceRoot, 'deploy', 'argo', 'semaphores.yaml'), 'utf8')).map((document) => document.toJS());
    const shipped = documents.find((document) => document.metadata.name === 'trainops-run-limits');
    expect(shipped).toEqual(buildRunLimitsConfigMap({ projects: await loadShippedProjects(), namespace: 'trainops' }));
  });

  it('refuses a bad namespace with a clear message', () => {
    expect(() => buildRunLimitsConfigMap({ projects: [], namespace: 'Not A Namespace' })).toThrow(
      'cannot build the run limits ConfigMap: namespace must be a Kubernetes name (lowercase letters, digits and "-", at most 63), got "Not A Namespace"',
    );
  });
});
