import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { NodeStatus, Workflow } from '@trainops/workflows';
import { mapWorkflowToRunStatus, waitingForSlotMessage } from './map-workflow-to-run-status.ts';

// Real Argo statuses recorded upstream (argoproj/argo-workflows v4.1.2), kept beside the
// repository; the statuses the Argo stand-in produces for the real training workflow are checked
// in workflow-watcher.spec.ts.
const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/reference/argo/status');
const haveFixtures = existsSync(fixturesDir);
if (!haveFixtures) console.warn(`Argo status fixtures not found at ${fixturesDir}: the fixture checks are skipped.`);

async function loadFixture(name: string): Promise<Workflow> {
  const parsed = parse(await readFile(path.join(fixturesDir, name), 'utf8')) as Workflow;
  return { ...parsed, apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: parsed.spec ?? {} };
}

function trainWorkflow(phase: string | undefined, nodes: NodeStatus[], extra: Partial<Workflow['status']> = {}, shutdown?: 'Stop' | 'Terminate'): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'widgets-1' },
    spec: shutdown === undefined ? {} : { shutdown },
    status: { ...(phase === undefined ? {} : { phase }), nodes: Object.fromEntries(nodes.map((node) => [node.id, node])), ...extra },
  };
}

const checkoutDone: NodeStatus[] = [
  { id: 'wf-1', displayName: 'checkout', type: 'Retry', templateName: 'checkout-with-token', phase: 'Succeeded', children: ['wf-2'], startedAt: '2026-03-01T10:00:00Z' },
  { id: 'wf-2', displayName: 'checkout(0)', type: 'Pod', templateName: 'checkout-with-token', phase: 'Succeeded', outputs: { exitCode: '0' }, startedAt: '2026-03-01T10:00:00Z' },
];

function trainNodes(phase: string, progress: string, attempts: Array<Partial<NodeStatus>>): NodeStatus[] {
  const children = attempts.map((attempt, index) => ({
    id: `wf-t${index}`,
    displayName: `train(${index})`,
    type: 'Pod',
    templateName: 'train',
    startedAt: `2026-03-01T10:0${index + 1}:00Z`,
    ...attempt,
  }));
  return [
    { id: 'wf-t', displayName: 'train', type: 'Retry', templateName: 'train', phase, progress, children: children.map((child) => child.id), startedAt: '2026-03-01T10:01:00Z' },
    ...children,
  ];
}

describe('mapWorkflowToRunStatus on the training pipeline', () => {
  it('reads a Pending workflow waiting for its semaphore as submitted, waiting for the GPU slot', () => {
    const status = mapWorkflowToRunStatus(
      trainWorkflow('Pending', [], { message: 'Waiting for trainops/ConfigMap/trainops-run-limits/widgets lock. Lock status: 0/1' }),
    );
    expect(status).toMatchObject({ state: 'submitted', message: waitingForSlotMessage, failure: null, steps: [] });
  });

  it('reads a workflow without a phase yet as submitted', () => {
    expect(mapWorkflowToRunStatus(trainWorkflow(undefined, []))).toMatchObject({ state: 'submitted', message: null, progress: null });
  });

  it('reads a running training as running with the epochs of the train step', () => {
    const status = mapWorkflowToRunStatus(
      trainWorkflow('Running', [...checkoutDone, ...trainNodes('Running', '12/50', [{ phase: 'Running', progress: '12/50' }])], { progress: '13/54' }),
    );
    expect(status).toMatchObject({ state: 'running', progress: 'epoch 12/50', message: 'running train' });
    expect(status.steps.map((step) => [step.step, step.phase, step.attempts])).toEqual([
      ['checkout', 'Succeeded', 1],
      ['train', 'Running', 1],
    ]);
  });

  it('names the failed step, its last attempt, exit code and message for a failed training', () => {
    const status = mapWorkflowToRunStatus(
      trainWorkflow('Failed', [
        ...checkoutDone,
        ...trainNodes('Failed', '3/50', [
          { phase: 'Error', message: 'pod deleted' },
          { phase: 'Failed', message: 'Error (exit code 1)', outputs: { exitCode: '1' }, progress: '3/50' },
        ]),
      ]),
    );
    expect(status).toMatchObject({
      state: 'failed',
      progress: 'epoch 3/50',
      message: 'The train step failed (exit code 1): Error (exit code 1)',
      failure: { step: 'train', nodeId: 'wf-t1', exitCode: 1, message: 'Error (exit code 1)' },
    });
    expect(status.steps.find((step) => step.step === 'train')?.attempts).toBe(2);
  });

  it('reads a stopped workflow that Argo marks Failed as cancelled', () => {
    const status = mapWorkflowToRunStatus(trainWorkflow('Failed', checkoutDone, { message: 'Stopped with strategy \'Terminate\'' }, 'Terminate'));
    expect(status).toMatchObject({ state: 'cancelled', message: 'Stopped on request (Terminate)', failure: null });
  });

  it('reads Error as error and Succeeded as succeeded with its times', () => {
    expect(mapWorkflowToRunStatus(trainWorkflow('Error', [], { message: 'invalid spec: templates.train is missing' }))).toMatchObject({
      state: 'error',
      message: 'invalid spec: templates.train is missing',
    });
    const done = mapWorkflowToRunStatus(trainWorkflow('Succeeded', checkoutDone, { startedAt: '2026-03-01T10:00:00Z', finishedAt: '2026-03-01T11:00:00Z', progress: '5/5' }));
    expect(done).toMatchObject({ state: 'succeeded', progress: '5/5', startedAt: new Date('2026-03-01T10:00:00Z'), finishedAt: new Date('2026-03-01T11:00:00Z') });
  });

  it('keeps a workflow in an unknown phase waiting rather than moving its run', () => {
    expect(mapWorkflowToRunStatus(trainWorkflow('Paused', []))).toMatchObject({ state: 'submitted', message: 'Argo reports an unknown phase "Paused"' });
  });

  it('still maps the phase when the node status is offloaded to Argo\'s database', () => {
    const status = mapWorkflowToRunStatus(trainWorkflow('Succeeded', [], { offloadNodeStatusVersion: 'fnv:123' }));
    expect(status).toMatchObject({ state: 'succeeded', steps: [] });
  });
});

describe.skipIf(!haveFixtures)('mapWorkflowToRunStatus on recorded Argo statuses', () => {
  it.each([
    ['util_test.go.dagDiamondRetry.yaml', 'succeeded', '4/4'],
    ['util_test.go.onExitWorkflow.yaml', 'failed', '1/2'],
    ['hooks_test.go.lifecycle-hook-error.yaml', 'error', '1/1'],
    ['dag-disable-fail-fast.yaml', 'failed', null],
    ['dag-exhausted-retries-xfail.yaml', 'running', null],
    ['steps-failed-retries.yaml', 'running', null],
  ])('maps %s to %s', async (file, state, progress) => {
    const status = mapWorkflowToRunStatus(await loadFixture(file));
    expect(status.state).toBe(state);
    expect(status.progress).toBe(progress);
    // Not a training pipeline: no step of ours, and a failure names Argo's own message.
    expect(status.steps).toEqual([]);
  });

  it('keeps the workflow message of a failed recorded run', async () => {
    const status = mapWorkflowToRunStatus(await loadFixture('util_test.go.onExitWorkflow.yaml'));
    expect(status.message).toBe('Error (exit code 1)');
    expect(status.finishedAt).toBeInstanceOf(Date);
  });
});
