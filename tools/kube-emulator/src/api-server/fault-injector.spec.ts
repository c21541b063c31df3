import { describe, expect, it } from 'vitest';
import type { BurstRequest, FaultBurst } from './fault-injector.ts';
import { buildBurstFailure, createFaultInjector, needsCreatedName, parseFaultConfig } from './fault-injector.ts';

const workflows = { group: 'argoproj.io', plural: 'workflows', subresource: '' };
const user = 'system:serviceaccount:argo:trainops';

/** A request for workflows in namespace argo by `user`. */
function workflowRequest(verb: string, name: string): BurstRequest {
  return { user, verb, path: '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows', attributes: { verb, ...workflows, namespace: 'argo', name } };
}

/** What the next request fails with, as the server would answer it. */
function failureFor(faults: ReturnType<typeof createFaultInjector>, request: BurstRequest) {
  const burst: FaultBurst | undefined = faults.takeBurst(request.verb, request.attributes);
  return burst === undefined ? undefined : buildBurstFailure(burst, request);
}

describe('fault injector', () => {
  it('fails exactly the next N matching requests, then lets them through', () => {
    const faults = createFaultInjector({ bursts: [{ status: 503, count: 2, verb: 'list', resource: 'workflows' }] });
    expect(faults.takeBurst('get', workflows)).toBeUndefined();
    expect(faults.takeBurst('list', { ...workflows, plural: 'pods', group: '' })).toBeUndefined();
    expect(failureFor(faults, workflowRequest('list', ''))?.status).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    expect(faults.current().bursts).toEqual([{ status: 503, count: 1, verb: 'list', resource: 'workflows' }]);
    expect(faults.takeBurst('list', workflows)?.status).toBe(503);
    expect(faults.takeBurst('list', workflows)).toBeUndefined();
    expect(faults.current().bursts).toEqual([]);
  });

  it('answers 429 with Retry-After in the header and the Status details', () => {
    const failure = failureFor(createFaultInjector({ bursts: [{ status: 429, count: 1, retryAfterSeconds: 3 }] }), workflowRequest('create', ''));
    expect(failure?.headers).toEqual({ 'Retry-After': '3' });
    expect(failure?.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 3 },
      code: 429,
    });
  });

  it('answers 403 with the authorizer\'s refusal for the request\'s user, verb, resource and namespace', () => {
    const faults = createFaultInjector({ bursts: [{ status: 403, count: 2, resource: 'workflows' }] });
    const create = failureFor(faults, workflowRequest('create', ''));
    expect(create?.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `workflows.argoproj.io is forbidden: User "${user}" cannot create resource "workflows" in API group "argoproj.io" in the namespace "argo"`,
      reason: 'Forbidden',
      details: { group: 'argoproj.io', kind: 'workflows' },
      code: 403,
    });
    // A named object is named in the message and the details, as the real server does.
    expect(failureFor(faults, workflowRequest('delete', 'train-1'))?.status).toMatchObject({
      message: `workflows.argoproj.io "train-1" is forbidden: User "${user}" cannot delete resource "workflows" in API group "argoproj.io" in the namespace "argo"`,
      details: { name: 'train-1', group: 'argoproj.io', kind: 'workflows' },
    });
    expect(faults.current().bursts).toEqual([]);
  });

  it('answers 403 outside the resource API with the non-resource wording', () => {
    const faults = createFaultInjector({ bursts: [{ status: 403, count: 1 }] });
    const failure = failureFor(faults, { user, verb: 'get', path: '/version', attributes: undefined });
    expect(failure?.status).toMatchObject({ code: 403, reason: 'Forbidden', message: `forbidden: User "${user}" cannot get path "/version"` });
  });

  it('answers 409 AlreadyExists naming the object for a create, and Conflict for other writes', () => {
    const faults = createFaultInjector({ bursts: [{ status: 409, count: 2, resource: 'workflows' }] });
    const burst = faults.takeBurst('create', workflows);
    expect(burst !== undefined && needsCreatedName(burst, 'create')).toBe(true);
    expect(buildBurstFailure(burst as FaultBurst, workflowRequest('create', 'pcb-defect-1a2b3c4d'))?.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'workflows.argoproj.io "pcb-defect-1a2b3c4d" already exists',
      reason: 'AlreadyExists',
      details: { name: 'pcb-defect-1a2b3c4d', group: 'argoproj.io', kind: 'workflows' },
      code: 409,
    });
    expect(failureFor(faults, workflowRequest('update', 'train-1'))?.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on workflows.argoproj.io "train-1": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('never fails a request outside the resource API with a 409, and keeps the burst for the next resource request', () => {
    const faults = createFaultInjector({ bursts: [{ status: 409, count: 1 }] });
    expect(faults.takeBurst('get', undefined)).toBeUndefined();
    expect(faults.takeBurst('create', workflows)).toMatchObject({ status: 409 });
    expect(needsCreatedName({ status: 403, count: 1 }, 'create')).toBe(false);
    expect(needsCreatedName({ status: 409, count: 1 }, 'update')).toBe(false);
  });

  it('replaces only the keys it is given and clears back to no faults', () => {
    const faults = createFaultInjector({ latencyMs: 5 });
    faults.set({ watchEventLimit: 2 });
    expect(faults.current()).toEqual({ latencyMs: 5, watchEventLimit: 2, historyWindow: null, bursts: [] });
    faults.clear();
    expect(faults.current()).toEqual({ latencyMs: 0, watchEventLimit: null, historyWindow: null, bursts: [] });
  });

  it('refuses bad fault settings with a message naming the field', () => {
    expect(() => parseFaultConfig({ bursts: [{ status: 404, count: 1 }] }, 'faults')).toThrow('faults.bursts[0].status must be one of 403, 409, 429, 500, 503');
    expect(parseFaultConfig({ bursts: [{ status: 409, count: 1, verb: 'create', resource: 'workflows' }] }, 'faults')).toEqual({
      bursts: [{ status: 409, count: 1, verb: 'create', resource: 'workflows' }],
    });
    expect(() => parseFaultConfig({ bursts: [{ status: 500, count: 0 }] }, 'faults')).toThrow('faults.bursts[0].count must be a whole number of at least 1');
    expect(() => parseFaultConfig({ latency: 5 }, 'faults')).toThrow('faults has unknown keys: latency');
    expect(() => parseFaultConfig({ watchEventLimit: 0 }, 'faults')).toThrow('faults.watchEventLimit must be a whole number of at least 1, or null');
    expect(parseFaultConfig({ historyWindow: null }, 'faults')).toEqual({ historyWindow: null });
  });
});
