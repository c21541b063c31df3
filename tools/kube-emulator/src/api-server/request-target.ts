// Turns a request path into what it addresses: a resource collection or object, in a namespace or
// across all of them, maybe a subresource, maybe the old `/watch/` path form.
import type { ResourceDefinition } from './resource-definitions.ts';
import { findResource } from './resource-definitions.ts';

export interface ResourceTarget {
  definition: ResourceDefinition;
  /** The namespace in the path; undefined for cluster-scoped resources and all-namespace collections. */
  namespace: string | undefined;
  /** Undefined for collection requests. */
  name: string | undefined;
  /** '' for the resource itself. */
  subresource: string;
  /** The deprecated `/watch/` path form, which means `?watch=true`. */
  watchPath: boolean;
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** The resource a path addresses, or undefined when it addresses none (a 404). */
export function parseResourcePath(pathname: string): ResourceTarget | undefined {
  const segments = decodeSegments(pathname);
  if (segments === undefined) return undefined;
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1] ?? '';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1] ?? '';
    version = segments[2] ?? '';
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  const watchPath = rest[0] === 'watch';
  if (watchPath) rest = rest.slice(1);

  // `namespaces/{ns}/{plural}/…` addresses a namespaced resource; `namespaces` and
  // `namespaces/{name}` address namespace objects themselves.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const [, namespace, plural = '', name, subresource, ...extra] = rest;
    const definition = findResource(group, version, plural);
    if (definition === undefined || !definition.namespaced || extra.length > 0) return undefined;
    if (subresource !== undefined && !definition.subresources.includes(subresource as 'status' | 'log')) return undefined;
    if (watchPath && subresource !== undefined) return undefined;
    return { definition, namespace, name, subresource: subresource ?? '', watchPath };
  }
  const [plural = '', name, subresource, ...extra] = rest;
  const definition = findResource(group, version, plural);
  if (definition === undefined || extra.length > 0) return undefined;
  // A namespaced resource without a namespace is only a collection across all namespaces.
  if (definition.namespaced && name !== undefined) return undefined;
  if (subresource !== undefined && !definition.subresources.includes(subresource as 'status' | 'log')) return undefined;
  if (watchPath && subresource !== undefined) return undefined;
  return { definition, namespace: undefined, name, subresource: subresource ?? '', watchPath };
}
