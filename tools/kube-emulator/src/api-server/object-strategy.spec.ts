import { describe, expect, it } from 'vitest';
import type { ResourceDefinition } from './resource-definitions.ts';
import { findResource } from './resource-definitions.ts';
import type { KubeStatusError } from './kube-status.ts';
import { prepareForCreate, prepareForUpdate, requestedName } from './object-strategy.ts';

const resource = (plural: string, group = ''): ResourceDefinition => {
  const found = findResource(group, group === '' ? 'v1' : 'v1alpha1', plural);
  if (found === undefined) throw new Error(`no ${plural}`);
  return found;
};
const workflows = resource('workflows', 'argoproj.io');
const pods = resource('pods');
const secrets = resource('secrets');
const now = new Date('2026-03-01T12:00:00.123Z');

function statusOf(action: () => unknown): KubeStatusError['status'] | undefined {
  try {
    action();
  } catch (error) {
    return (error as KubeStatusError).status;
  }
  return undefined;
}

describe('object strategy', () => {
  it('fills in system metadata on create and ignores what the client claims for it', () => {
    const { object } = prepareForCreate({
      definition: workflows,
      body: { metadata: { name: 'wf-1', uid: 'forged', generation: 9, labels: {} }, spec: { entrypoint: 'main' } },
      namespace: 'argo',
      name: 'wf-1',
      uid: 'real-uid',
      now,
    });
    expect(object).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'wf-1', namespace: 'argo', uid: 'real-uid', resourceVersion: '', creationTimestamp: '2026-03-01T12:00:00Z', generation: 1 },
      spec: { entrypoint: 'main' },
    });
  });

  it('refuses a name that is not a DNS-1123 label with a 422 Invalid Status like the real one', () => {
    const status = statusOf(() =>
      prepareForCreate({ definition: workflows, body: { spec: {} }, namespace: 'argo', name: 'Bad_Name', uid: 'u', now }),
    );
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: { name: 'Bad_Name', group: 'argoproj.io', kind: 'Workflow', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] },
    });
    expect(status?.message).toMatch(/^Workflow\.argoproj\.io "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label/);
  });

  it('needs a name or generateName', () => {
    expect(requestedName(workflows, { metadata: { generateName: 'x-' } })).toEqual({ generateName: 'x-' });
    expect(statusOf(() => requestedName(workflows, { metadata: {} }))?.message).toBe(
      'Workflow.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it('turns secret stringData into base64 data and defaults the type', () => {
    const { object } = prepareForCreate({
      definition: secrets,
      body: { metadata: { name: 's3-creds' }, stringData: { accessKey: 'AKIA' } },
      namespace: 'argo',
      name: 's3-creds',
      uid: 'u',
      now,
    });
    expect(object['data']).toEqual({ accessKey: Buffer.from('AKIA').toString('base64') });
    expect(object['stringData']).toBeUndefined();
    expect(object['type']).toBe('Opaque');
  });

  it('starts pods Pending whatever status the client sends, and keeps status out of main-resource updates', () => {
    const body = { metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image: 'busybox' }] }, status: { phase: 'Succeeded' } };
    const { object: created } = prepareForCreate({ definition: pods, body, namespace: 'argo', name: 'p', uid: 'u', now });
    expect(created['status']).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    const existing = { ...created, metadata: { ...created.metadata, resourceVersion: '5' } };
    const viaMain = prepareForUpdate({ definition: pods, existing, body: { ...existing, status: { phase: 'Running' } }, subresource: 'main', namespace: 'argo', name: 'p' });
    expect(viaMain.object['status']).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    const viaStatus = prepareForUpdate({ definition: pods, existing, body: { ...existing, status: { phase: 'Running' } }, subresource: 'status', namespace: 'argo', name: 'p' });
    expect(viaStatus.object['status']).toEqual({ phase: 'Running' });
    expect(viaStatus.object.metadata.generation).toBe(1);
  });

  it('refuses a stale resourceVersion with a 409 Conflict and bumps generation on any non-metadata change of a workflow', () => {
    const { object } = prepareForCreate({ definition: workflows, body: { metadata: { name: 'wf' }, spec: { a: 1 } }, namespace: 'argo', name: 'wf', uid: 'u', now });
    const existing = { ...object, metadata: { ...object.metadata, resourceVersion: '7' } };
    const stale = statusOf(() =>
      prepareForUpdate({ definition: workflows, existing, body: { ...existing, metadata: { ...existing.metadata, resourceVersion: '6' } }, subresource: 'main', namespace: 'argo', name: 'wf' }),
    );
    expect(stale).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on workflows.argoproj.io "wf": the object has been modified; please apply your changes to the latest version and try again',
    });
    const labelsOnly = prepareForUpdate({ definition: workflows, existing, body: { ...existing, metadata: { ...existing.metadata, labels: { a: 'b' } } }, subresource: 'main', namespace: 'argo', name: 'wf' });
    expect(labelsOnly.object.metadata.generation).toBe(1);
    const statusChange = prepareForUpdate({ definition: workflows, existing, body: { ...existing, status: { phase: 'Running' } }, subresource: 'main', namespace: 'argo', name: 'wf' });
    expect(statusChange.object.metadata.generation).toBe(2);
  });

  it('drops unknown fields and names them for field validation', () => {
    const prepared = prepareForCreate({
      definition: workflows,
      body: { metadata: { name: 'wf', colour: 'red' }, spec: {}, spek: {} },
      namespace: 'argo',
      name: 'wf',
      uid: 'u',
      now,
    });
    expect(prepared.unknownFields).toEqual(['unknown field "spek"', 'unknown field "metadata.colour"']);
    expect(prepared.object).not.toHaveProperty('spek');
  });

  it('refuses pod spec changes a real server would refuse', () => {
    const { object } = prepareForCreate({ definition: pods, body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image: 'a' }] } }, namespace: 'argo', name: 'p', uid: 'u', now });
    const changed = { ...object, spec: { containers: [{ name: 'main', image: 'b', command: ['sh'] }] } };
    expect(statusOf(() => prepareForUpdate({ definition: pods, existing: object, body: changed, subresource: 'main', namespace: 'argo', name: 'p' }))?.message).toMatch(
      /^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than/,
    );
  });
});
