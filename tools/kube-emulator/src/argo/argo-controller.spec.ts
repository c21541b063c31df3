// The controller against the API server stand-in, with real local processes: Argo's own examples
// must end in the phases Argo gives them, with statuses shaped like the ones Argo records.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podLogPath } from '../api-server/index.ts';
import { hasReference, namespace, parseYamlWorkflow, referenceFolder, referenceSkipReason, startControllerHarness, type ControllerHarness } from './testing/controller-harness.ts';
import type { NodeStatus, WorkflowObject } from './types.ts';

let harness: ControllerHarness;

beforeAll(async () => {
  harness = await startControllerHarness({
    // Status is recorded with a repository even though these runs upload nothing (archiveLogs off).
    artifactRepository: { s3: { endpoint: 'http://127.0.0.1:9', bucket: 'unused', accessKeyId: 'k', secretAccessKey: 's' } },
  });
});
afterAll(async () => {
  await harness?.close();
});

async function reference(file: string): Promise<WorkflowObject> {
  return parseYamlWorkflow(await readFile(path.join(referenceFolder(), file), 'utf8'));
}

function nodeNamed(workflow: WorkflowObject, displayName: string): NodeStatus {
  const node = Object.values(workflow.status?.nodes ?? {}).find((candidate) => candidate.displayName === displayName);
  if (!node) throw new Error(`no node ${displayName} in ${Object.values(workflow.status?.nodes ?? {}).map((candidate) => candidate.displayName).join(', ')}`);
  return node;
}

describe.skipIf(!hasReference)('Argo examples from the reference folder', () => {
  if (!hasReference) it.skip(referenceSkipReason, () => undefined);

  it('runs arguments-parameters, dag-enhanced-depends, exit-handlers and pod-spec-patch to the phases Argo gives them', async () => {
    const files = ['arguments-parameters.yaml', 'dag-enhanced-depends.yaml', 'exit-handlers.yaml', 'pod-spec-patch.yaml'];
    const submitted = await Promise.all(files.map(async (file) => harness.submit(await reference(file))));
    const [args, dag, exit, patch] = await Promise.all(submitted.map((workflow) => harness.waitForPhase(workflow.metadata.name ?? '')));
    if (!args || !dag || !exit || !patch) throw new Error('missing workflow');

    expect(args.status).toMatchObject({ phase: 'Succeeded', progress: '1/1' });
    expect(args.metadata.labels).toMatchObject({ 'workflows.argoproj.io/phase': 'Succeeded', 'workflows.argoproj.io/completed': 'true' });
    const argsName = args.metadata.name ?? '';
    expect(await readFile(podLogPath(harness.stateDir, namespace, argsName, 'main'), 'utf8')).toBe('hello world\n');
    const pod = await harness.core.readNamespacedPod({ namespace, name: argsName });
    expect(pod.status?.phase).toBe('Succeeded');
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(0);
    expect(pod.metadata?.labels).toMatchObject({ 'workflows.argoproj.io/workflow': argsName, 'workflows.argoproj.io/completed': 'true' });
    expect(pod.metadata?.annotations).toMatchObject({ 'workflows.argoproj.io/node-id': argsName, 'workflows.argoproj.io/node-name': argsName });

    expect(dag.status?.phase).toBe('Succeeded');
    expect(nodeNamed(dag, 'should-not-execute')).toMatchObject({ phase: 'Omitted', type: 'Skipped' });
    expect(nodeNamed(dag, 'C')).toMatchObject({ phase: 'Failed', message: 'Error (exit code 1)' });

    expect(exit.status?.phase).toBe('Failed');
    expect(nodeNamed(exit, 'cry').phase).toBe('Succeeded');
    expect(nodeNamed(exit, 'celebrate')).toMatchObject({ phase: 'Skipped', message: "when 'Failed == Succeeded' evaluated false" });
    const notify = nodeNamed(exit, 'notify');
    const notifyLog = await readFile(podLogPath(harness.stateDir, namespace, `${exit.metadata.name ?? ''}-send-email-${notify.id.split('-').at(-1) ?? ''}`, 'main'), 'utf8');
    expect(notifyLog).toMatch(/^send e-mail: exit-handlers-\w+ Failed [\d.]+\. Failed steps \[\{"displayName":"exit-handlers-\w+","message":"Error \(exit code 1\)"/);

    expect(patch.status?.phase).toBe('Succeeded');
    const patchedPod = await harness.core.readNamespacedPod({ namespace, name: patch.metadata.name ?? '' });
    expect(patchedPod.spec?.containers[0]?.resources?.limits).toEqual({ cpu: '100m' });
  });

  it('produces nodes with the same ids and fields as the statuses Argo recorded', async () => {
    for (const file of ['util_test.go.dagDiamondRetry.yaml', 'util_test.go.onExitWorkflow.yaml']) {
      const recorded = await reference(path.join('status', file));
      await harness.submit({ metadata: { name: recorded.metadata.name }, spec: recorded.spec });
      const ours = await harness.waitForPhase(recorded.metadata.name ?? '');
      expect(ours.status?.phase).toBe(recorded.status?.phase);
      expect(ours.status?.message).toBe(recorded.status?.message);
      expect(ours.status?.progress).toBe(recorded.status?.progress);
      expect(Object.keys(ours.status ?? {}).sort()).toEqual(Object.keys(recorded.status ?? {}).sort());
      expect(Object.keys(ours.status?.nodes ?? {}).sort()).toEqual(Object.keys(recorded.status?.nodes ?? {}).sort());
      for (const [id, expected] of Object.entries(recorded.status?.nodes ?? {})) {
        const actual = ours.status?.nodes?.[id];
        const fields = (node: NodeStatus | undefined): string[] => Object.keys(node ?? {}).sort();
        expect({ id, fields: fields(actual) }).toEqual({ id, fields: fields(expected) });
        expect({ id, phase: actual?.phase, type: actual?.type, name: actual?.name, displayName: actual?.displayName, children: actual?.children, outbound: actual?.outboundNodes }).toEqual({
          id,
          phase: expected.phase,
          type: expected.type,
          name: expected.name,
          displayName: expected.displayName,
          children: expected.children,
          outbound: expected.outboundNodes,
        });
        if (expected.outputs) expect(Object.keys(actual?.outputs ?? {}).sort()).toEqual(Object.keys(expected.outputs).filter((key) => key !== 'artifacts').sort());
      }
    }
  });
});

describe('workflows the controller refuses or fails', () => {
  it("fails an invalid spec with Argo's message and starts no pod", async () => {
    const created = await harness.submit({ metadata: { generateName: 'invalid-' }, spec: { entrypoint: 'nope', templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }] } });
    const name = created.metadata.name ?? '';
    const failed = await harness.waitForPhase(name);
    expect(failed.status).toMatchObject({ phase: 'Failed', message: "invalid spec: spec.entrypoint template 'nope' undefined" });
    const pods = await harness.core.listNamespacedPod({ namespace, labelSelector: `workflows.argoproj.io/workflow=${name}` });
    expect(pods.items).toHaveLength(0);
  });

  it('fails a node whose image has no local command, without running anything', async () => {
    const created = await harness.submit({ metadata: { generateName: 'unmapped-' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'nvidia/cuda:12.4', command: ['nvidia-smi'] } }] } });
    const done = await harness.waitForPhase(created.metadata.name ?? '');
    expect(done.status).toMatchObject({ phase: 'Error', message: 'image "nvidia/cuda:12.4" is not mapped to a local command (see the image map)' });
    const pod = await harness.core.readNamespacedPod({ namespace, name: created.metadata.name ?? '' });
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ErrImagePull');
  });

  it('reads env from a Secret, and fails the node like the kubelet when the Secret is missing', async () => {
    await harness.core.createNamespacedSecret({ namespace, body: { metadata: { name: 'creds' }, stringData: { token: 's3cret' } } });
    const template = (secret: string) => ({
      name: 'main',
      container: {
        image: 'busybox',
        command: ['sh', '-c', 'echo "token=$TOKEN"'],
        env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: secret, key: 'token' } } }],
      },
    });
    const good = await harness.submit({ metadata: { generateName: 'env-' }, spec: { entrypoint: 'main', templates: [template('creds')] } });
    const bad = await harness.submit({ metadata: { generateName: 'env-' }, spec: { entrypoint: 'main', templates: [template('absent')] } });
    expect((await harness.waitForPhase(good.metadata.name ?? '')).status?.phase).toBe('Succeeded');
    expect(await readFile(podLogPath(harness.stateDir, namespace, good.metadata.name ?? '', 'main'), 'utf8')).toBe('token=s3cret\n');
    expect((await harness.waitForPhase(bad.metadata.name ?? '')).status).toMatchObject({ phase: 'Error', message: 'CreateContainerConfigError: secret "absent" not found' });
  });
});
