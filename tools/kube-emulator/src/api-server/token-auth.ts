// Bearer-token authentication and a tiny RBAC: each token belongs to a user and may carry the verbs
// and resources it is limited to. Denials carry the real authorizer's message, so a missing Role
// in production reads the same as a missing entry here.
import { forbiddenError, unauthorizedError } from './kube-status.ts';
import { matchesResourcePattern } from './resource-pattern.ts';

export interface TokenPolicy {
  token: string;
  user: string;
  /** Verbs allowed (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, `*`); missing means all. */
  verbs?: string[];
  /**
   * Resources allowed: `workflows`, `workflows.argoproj.io`, `pods/log`, `pods/*`, `*`; missing
   * means all. As in RBAC, `pods` does not grant the `pods/log` subresource.
   */
  resources?: string[];
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  plural: string;
  subresource: string;
  /** Empty for collection requests and cluster scope. */
  namespace: string;
  name: string;
}

export interface TokenAuthority {
  /** The policy of the request's bearer token; throws a 401 Status when there is none. */
  authenticate(authorizationHeader: string | undefined): TokenPolicy;
  /** Throws a 403 Status when the policy does not allow the request. */
  authorize(policy: TokenPolicy, attributes: ResourceAttributes): void;
}

export function isAllowed(policy: TokenPolicy, attributes: ResourceAttributes): boolean {
  const verbOk = policy.verbs === undefined || policy.verbs.includes('*') || policy.verbs.includes(attributes.verb);
  const resourceOk = policy.resources === undefined || policy.resources.some((pattern) => matchesResourcePattern(pattern, attributes));
  return verbOk && resourceOk;
}

/** The sentence of k8s.io/apiserver's forbiddenMessage. */
export function buildForbiddenReason(user: string, attributes: ResourceAttributes): string {
  const resource = attributes.subresource === '' ? attributes.plural : `${attributes.plural}/${attributes.subresource}`;
  const scope = attributes.namespace === '' ? 'at the cluster scope' : `in the namespace "${attributes.namespace}"`;
  return `User "${user}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.group}" ${scope}`;
}

export function createTokenAuthority(policies: readonly TokenPolicy[]): TokenAuthority {
  const byToken = new Map(policies.map((policy) => [policy.token, policy]));
  return {
    authenticate(header) {
      const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
      const policy = match?.[1] === undefined ? undefined : byToken.get(match[1]);
      if (policy === undefined) throw unauthorizedError();
      return policy;
    },
    authorize(policy, attributes) {
      if (isAllowed(policy, attributes)) return;
      throw forbiddenError(
        { group: attributes.group, name: attributes.plural },
        attributes.name,
        buildForbiddenReason(policy.user, attributes),
      );
    },
  };
}

/** Checks token policies given as data (options, env JSON); the message names the bad entry. */
export function parseTokenPolicies(value: unknown, source: string): TokenPolicy[] {
  if (!Array.isArray(value)) throw new Error(`${source} must be a JSON array of {token, user, verbs?, resources?}`);
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    const where = `${source}[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${where} must be an object`);
    const record = entry as Record<string, unknown>;
    const { token, user, verbs, resources } = record;
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
      throw new Error(`${where}.token must be a non-empty string of printable characters without spaces`);
    }
    if (seen.has(token)) throw new Error(`${where}.token is used by an earlier entry: each token belongs to one user`);
    seen.add(token);
    if (typeof user !== 'string' || user.trim() === '') throw new Error(`${where}.user must be a non-empty string`);
    for (const [field, list] of [['verbs', verbs], ['resources', resources]] as const) {
      if (list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item === ''))) {
        throw new Error(`${where}.${field} must be a list of non-empty strings when given`);
      }
    }
    const unknown = Object.keys(record).filter((key) => !['token', 'user', 'verbs', 'resources'].includes(key));
    if (unknown.length > 0) throw new Error(`${where} has unknown keys: ${unknown.join(', ')}`);
    return {
      token,
      user,
      ...(verbs === undefined ? {} : { verbs: verbs as string[] }),
      ...(resources === undefined ? {} : { resources: resources as string[] }),
    };
  });
}
