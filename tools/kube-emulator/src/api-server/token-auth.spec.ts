import { describe, expect, it } from 'vitest';
import type { KubeStatusError } from './kube-status.ts';
import { createTokenAuthority, parseTokenPolicies } from './token-auth.ts';

const trainops = { token: 't-1', user: 'system:serviceaccount:argo:trainops', verbs: ['get', 'list', 'watch', 'create'], resources: ['workflows', 'pods/log'] };

function statusOf(action: () => unknown): KubeStatusError['status'] | undefined {
  try {
    action();
  } catch (error) {
    return (error as KubeStatusError).status;
  }
  return undefined;
}

describe('token authentication and authorization', () => {
  const authority = createTokenAuthority([trainops]);
  const attributes = { verb: 'create', group: 'argoproj.io', plural: 'workflows', subresource: '', namespace: 'argo', name: '' };

  it('answers a missing or unknown token with the real 401 Status', () => {
    for (const header of [undefined, 'Bearer nope', 'Basic dXNlcjpwYXNz']) {
      expect(statusOf(() => authority.authenticate(header))).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
    expect(authority.authenticate('Bearer t-1').user).toBe(trainops.user);
  });

  it('answers a verb or resource outside the policy with the real 403 message', () => {
    expect(statusOf(() => authority.authorize(trainops, attributes))).toBeUndefined();
    expect(statusOf(() => authority.authorize(trainops, { ...attributes, verb: 'delete', name: 'wf-1' }))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'workflows.argoproj.io "wf-1" is forbidden: User "system:serviceaccount:argo:trainops" cannot delete resource "workflows" in API group "argoproj.io" in the namespace "argo"',
      reason: 'Forbidden',
      details: { name: 'wf-1', group: 'argoproj.io', kind: 'workflows' },
      code: 403,
    });
    const secrets = statusOf(() => authority.authorize(trainops, { ...attributes, verb: 'list', group: '', plural: 'secrets', namespace: '' }));
    expect(secrets?.message).toBe('secrets is forbidden: User "system:serviceaccount:argo:trainops" cannot list resource "secrets" in API group "" at the cluster scope');
  });

  it('keeps subresources apart from their resource, as RBAC does', () => {
    const pods = { ...attributes, verb: 'get', group: '', plural: 'pods', name: 'p' };
    expect(statusOf(() => authority.authorize(trainops, { ...pods, subresource: 'log' }))).toBeUndefined();
    expect(statusOf(() => authority.authorize(trainops, pods))?.message).toContain('cannot get resource "pods" in API group ""');
  });

  it('refuses malformed policies with a message that names the entry', () => {
    expect(() => parseTokenPolicies([{ token: 'a', user: 'x' }, { token: 'a', user: 'y' }], 'tokens')).toThrow(
      'tokens[1].token is used by an earlier entry',
    );
    expect(() => parseTokenPolicies([{ token: 'has space', user: 'x' }], 'tokens')).toThrow('tokens[0].token must be a non-empty string');
    expect(() => parseTokenPolicies([{ token: 'a', user: 'x', verb: ['get'] }], 'tokens')).toThrow('tokens[0] has unknown keys: verb');
    expect(() => parseTokenPolicies({}, 'KUBE_EMULATOR_TOKENS')).toThrow('KUBE_EMULATOR_TOKENS must be a JSON array');
  });
});
