// A small OpenAPI v3 document per group version. kubectl's default `--validate=strict` first asks
// OpenAPI whether the server supports server-side field validation (a `fieldValidation` query
// parameter on the PATCH operation of the object's kind); when it does, kubectl sends
// `fieldValidation=Strict` and leaves checking to the server instead of failing with "failed to
// download openapi". Schemas are open (`x-kubernetes-preserve-unknown-fields`) because this
// server validates what it cares about itself.
import { createHash } from 'node:crypto';
import type { ResourceDefinition } from './resource-definitions.ts';
import { apiVersionOf, groupVersionsOf } from './resource-definitions.ts';

export function openApiPathOf(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function schemaNameOf(definition: ResourceDefinition): string {
  return definition.group === ''
    ? `io.k8s.api.core.v1.${definition.kind}`
    : `io.argoproj.workflow.${definition.version}.${definition.kind}`;
}

function operationIdOf(verb: string, definition: ResourceDefinition): string {
  const groupPart = definition.group
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const versionPart = definition.version.charAt(0).toUpperCase() + definition.version.slice(1);
  const scope = definition.namespaced ? 'Namespaced' : '';
  return `${verb}${definition.group === '' ? 'Core' : groupPart}${versionPart}${scope}${definition.kind}`;
}

const fieldValidationParameter = {
  name: 'fieldValidation',
  in: 'query',
  description:
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.',
  schema: { type: 'string', uniqueItems: true },
};

export function buildOpenApiDocument(
  definitions: readonly ResourceDefinition[],
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const inVersion = definitions.filter((d) => d.group === group && d.version === version);
  if (inVersion.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const definition of inVersion) {
    const gvk = { group: definition.group, version: definition.version, kind: definition.kind };
    const prefix = `/${openApiPathOf(definition.group, definition.version)}`;
    const collection = definition.namespaced
      ? `${prefix}/namespaces/{namespace}/${definition.plural}`
      : `${prefix}/${definition.plural}`;
    const ref = { $ref: `#/components/schemas/${schemaNameOf(definition)}` };
    const ok = { description: 'OK', content: { 'application/json': { schema: ref } } };
    const operation = (verb: string, action: string, parameters: unknown[]) => ({
      operationId: operationIdOf(verb, definition),
      parameters,
      responses: { '200': ok },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    paths[collection] = {
      get: operation('list', 'list', []),
      post: operation('create', 'post', [fieldValidationParameter]),
    };
    paths[`${collection}/{name}`] = {
      get: operation('read', 'get', []),
      put: operation('replace', 'put', [fieldValidationParameter]),
      patch: operation('patch', 'patch', [fieldValidationParameter]),
      delete: operation('delete', 'delete', []),
    };
    schemas[schemaNameOf(definition)] = {
      type: 'object',
      description: `${definition.kind} (${apiVersionOf(definition)})`,
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': [gvk],
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas },
  };
}

/** The `/openapi/v3` index: where each group version's document lives, with a content hash. */
export function buildOpenApiIndex(definitions: readonly ResourceDefinition[]): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of groupVersionsOf(definitions)) {
    const path = openApiPathOf(group, version);
    const hash = createHash('sha512')
      .update(JSON.stringify(buildOpenApiDocument(definitions, group, version)))
      .digest('hex')
      .slice(0, 128)
      .toUpperCase();
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}
