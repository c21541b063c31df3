// One way to name resources in configuration (token policies, fault filters): `workflows`,
// `workflows.argoproj.io`, `pods/log`, `pods/*`, `*`. As in RBAC, `pods` does not match the
// `pods/log` subresource.

export interface ResourceName {
  group: string;
  plural: string;
  /** Empty for the resource itself. */
  subresource: string;
}

export function matchesResourcePattern(pattern: string, resource: ResourceName): boolean {
  if (pattern === '*') return true;
  const [resourcePart = '', subresourcePart] = pattern.split('/');
  const dot = resourcePart.indexOf('.');
  const plural = dot === -1 ? resourcePart : resourcePart.slice(0, dot);
  const group = dot === -1 ? undefined : resourcePart.slice(dot + 1);
  if (plural !== resource.plural && plural !== '*') return false;
  if (group !== undefined && group !== resource.group) return false;
  if (subresourcePart === undefined) return resource.subresource === '';
  return subresourcePart === '*' || subresourcePart === resource.subresource;
}
