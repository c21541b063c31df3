// The resources this server knows, described the way discovery describes them. Everything else
// (routing, RBAC messages, validation, tables) reads these rows rather than special-casing names.

export const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
export type Verb = (typeof allVerbs)[number];

export interface ResourceDefinition {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** A CustomResourceDefinition: no strategic merge patch, list items keep apiVersion/kind. */
  custom: boolean;
  /** Subresources served under `{name}/{subresource}`. */
  subresources: Array<'status' | 'log'>;
  /**
   * `label`: DNS-1123 label, at most 63 characters. Argo copies workflow names into label values,
   * so its objects keep to the label limit although the API would allow a 253-character subdomain.
   */
  nameRule: 'label' | 'subdomain';
  /** Top-level fields the schema knows; others are unknown fields for strict field validation. */
  knownFields: string[];
  /** Field selectors beyond metadata.name and metadata.namespace. */
  extraFieldSelectors: string[];
  /** Whether DELETE answers with the object (true) or a Status of Success. */
  deleteReturnsObject: boolean;
  /** Which changes bump metadata.generation: none, spec only, or anything outside metadata. */
  generation: 'none' | 'spec' | 'non-metadata';
}

const argoGroup = 'argoproj.io';
const argoVersion = 'v1alpha1';

function argoResource(plural: string, singular: string, kind: string, shortName: string): ResourceDefinition {
  return {
    group: argoGroup,
    version: argoVersion,
    plural,
    singular,
    kind,
    namespaced: true,
    shortNames: [shortName],
    categories: [],
    custom: true,
    subresources: [],
    nameRule: 'label',
    knownFields: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
    extraFieldSelectors: [],
    deleteReturnsObject: true,
    // Argo's CRDs declare `subresources: {}`, so status lives in the main resource and any
    // change outside metadata counts as a new generation, as for every CRD without /status.
    generation: 'non-metadata',
  };
}

export const resourceDefinitions: readonly ResourceDefinition[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    categories: [],
    custom: false,
    subresources: [],
    nameRule: 'label',
    knownFields: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
    extraFieldSelectors: ['status.phase'],
    deleteReturnsObject: true,
    generation: 'none',
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    custom: false,
    subresources: ['status', 'log'],
    nameRule: 'subdomain',
    knownFields: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
    extraFieldSelectors: ['status.phase', 'spec.nodeName', 'spec.restartPolicy', 'spec.serviceAccountName'],
    deleteReturnsObject: true,
    generation: 'spec',
  },
  {
    group: '',
    version: 'v1',
    plural: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    shortNames: [],
    categories: [],
    custom: false,
    subresources: [],
    nameRule: 'subdomain',
    knownFields: ['apiVersion', 'kind', 'metadata', 'data', 'stringData', 'type', 'immutable'],
    extraFieldSelectors: ['type'],
    deleteReturnsObject: false,
    generation: 'none',
  },
  {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    categories: [],
    custom: false,
    subresources: [],
    nameRule: 'subdomain',
    knownFields: ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'],
    extraFieldSelectors: [],
    deleteReturnsObject: false,
    generation: 'none',
  },
  argoResource('workflows', 'workflow', 'Workflow', 'wf'),
  argoResource('workflowtemplates', 'workflowtemplate', 'WorkflowTemplate', 'wftmpl'),
  argoResource('cronworkflows', 'cronworkflow', 'CronWorkflow', 'cwf'),
];

export function apiVersionOf(definition: Pick<ResourceDefinition, 'group' | 'version'>): string {
  return definition.group === '' ? definition.version : `${definition.group}/${definition.version}`;
}

/** The store's key for a resource: `argoproj.io/workflows`, `/pods`. */
export function resourceIdOf(definition: Pick<ResourceDefinition, 'group' | 'plural'>): string {
  return `${definition.group}/${definition.plural}`;
}

export function findResource(group: string, version: string, plural: string): ResourceDefinition | undefined {
  return resourceDefinitions.find((d) => d.group === group && d.version === version && d.plural === plural);
}

export function groupVersionsOf(definitions: readonly ResourceDefinition[]): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const d of definitions) seen.set(apiVersionOf(d), { group: d.group, version: d.version });
  return [...seen.values()];
}
