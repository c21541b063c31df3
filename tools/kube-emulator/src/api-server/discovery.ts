// Discovery documents in the legacy (unaggregated) form. kubectl asks for the aggregated v2 form
// first but falls back when the answer's Content-Type is plain application/json, as it does for
// any older server, so one form is enough.
import type { ResourceDefinition, Verb } from './resource-definitions.ts';
import { allVerbs, apiVersionOf, groupVersionsOf } from './resource-definitions.ts';

export const emulatedKubernetesVersion = { major: '1', minor: '32', gitVersion: 'v1.32.0-kube-emulator' } as const;

export function buildVersionInfo(): Record<string, string> {
  return {
    major: emulatedKubernetesVersion.major,
    minor: emulatedKubernetesVersion.minor,
    gitVersion: emulatedKubernetesVersion.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function buildCoreApiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function buildApiGroupList(definitions: readonly ResourceDefinition[]): Record<string, unknown> {
  const groups = groupVersionsOf(definitions.filter((d) => d.group !== '')).map(({ group, version }) => {
    const groupVersion = { groupVersion: `${group}/${version}`, version };
    return { name: group, versions: [groupVersion], preferredVersion: groupVersion };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function buildApiGroup(definitions: readonly ResourceDefinition[], group: string): Record<string, unknown> | undefined {
  const versions = groupVersionsOf(definitions.filter((d) => d.group === group && group !== ''));
  const first = versions[0];
  if (first === undefined) return undefined;
  const listed = versions.map(({ version }) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: listed, preferredVersion: listed[0] };
}

export function verbsOf(definition: ResourceDefinition): Verb[] {
  // Namespaces cannot be deleted as a collection, as in the real server.
  return definition.plural === 'namespaces' ? allVerbs.filter((v) => v !== 'deletecollection') : [...allVerbs];
}

const subresourceVerbs: Record<'status' | 'log', Verb[]> = { status: ['get', 'patch', 'update'], log: ['get'] };

export function buildApiResourceList(
  definitions: readonly ResourceDefinition[],
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const inVersion = definitions.filter((d) => d.group === group && d.version === version);
  const first = inVersion[0];
  if (first === undefined) return undefined;
  const resources = inVersion.flatMap((d) => [
    {
      name: d.plural,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: verbsOf(d),
      ...(d.shortNames.length > 0 ? { shortNames: d.shortNames } : {}),
      ...(d.categories.length > 0 ? { categories: d.categories } : {}),
    },
    ...d.subresources.map((sub) => ({
      name: `${d.plural}/${sub}`,
      singularName: '',
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: subresourceVerbs[sub],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(first), resources };
}
