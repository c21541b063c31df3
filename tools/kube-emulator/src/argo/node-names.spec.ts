import { describe, expect, it } from 'vitest';
import { buildDisplayName, buildExpandedNodeName, buildNodeId, buildPodName, fnv32a } from './node-names.ts';

describe('Argo node and pod names', () => {
  it('hashes node names with FNV-1a like the ids in a recorded Argo status', () => {
    // From util_test.go dagDiamondRetry and onExitWorkflow (argoproj/argo-workflows v4.1.2).
    expect(buildNodeId('dag-diamond-82q7s', 'dag-diamond-82q7s.D')).toBe('dag-diamond-82q7s-1226654358');
    expect(buildNodeId('retry-workflow-with-failed-exit-handler', 'retry-workflow-with-failed-exit-handler.onExit')).toBe(
      'retry-workflow-with-failed-exit-handler-512308683',
    );
    expect(fnv32a('lifecycle-hook-bgsf6[0]')).toBe(2367710970);
  });

  it('gives the root node the workflow name as its id', () => {
    expect(buildNodeId('wf-abc', 'wf-abc')).toBe('wf-abc');
  });

  it('names pods in format v2 as <workflow>-<template>-<hash>, and a root pod after the workflow', () => {
    expect(buildPodName('dag-diamond-82q7s', 'dag-diamond-82q7s.D', 'echo')).toBe('dag-diamond-82q7s-echo-1226654358');
    expect(buildPodName('hello', 'hello', 'main')).toBe('hello');
  });

  it('keeps a very long pod name prefix within the Kubernetes name limit', () => {
    const name = buildPodName('w'.repeat(60), `${'w'.repeat(60)}.x`, 't'.repeat(250));
    expect(name.length).toBeLessThanOrEqual(253);
  });

  it('names fan-out children with the index and a sorted description of the item', () => {
    expect(buildExpandedNodeName('test', 0, { tag: '9.1', image: 'debian' })).toBe('test(0:image:debian,tag:9.1)');
    expect(buildExpandedNodeName('print', 2, 'foo')).toBe('print(2:foo)');
    expect(buildExpandedNodeName('n', 1, 7)).toBe('n(1:7)');
    expect(buildExpandedNodeName('l', 0, [1, 2])).toBe('l(0:[1,2])');
  });

  it('shows the last segment of a node name as its display name', () => {
    expect(buildDisplayName('wf[0]', 'wf')).toBe('[0]');
    expect(buildDisplayName('wf[0].step1', 'wf')).toBe('step1');
    expect(buildDisplayName('wf.C(0)', 'wf')).toBe('C(0)');
    expect(buildDisplayName('wf[1].test(0:image:debian,tag:9.1)', 'wf')).toBe('test(0:image:debian,tag:9.1)');
    expect(buildDisplayName('wf.onExit', 'wf')).toBe('wf.onExit');
  });
});
