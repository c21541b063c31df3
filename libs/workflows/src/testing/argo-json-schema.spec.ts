import { beforeAll, describe, expect, it } from 'vitest';
import { createArgoSchemaValidator, loadUpstreamArgoSchema, upstreamArgoSchemaPath } from './argo-json-schema.ts';
import type { ArgoSchemaValidator } from './argo-json-schema.ts';

// The schema check must be able to fail, or "every manifest validates" proves nothing.

const definitions = {
  'io.argoproj.workflow.v1alpha1.Workflow': {
    type: 'object',
    required: ['metadata', 'spec'],
    properties: {
      apiVersion: { type: 'string', const: 'argoproj.io/v1alpha1' },
      kind: { type: 'string', const: 'Workflow' },
      metadata: { type: 'object', additionalProperties: { type: 'string' } },
      spec: {
        type: 'object',
        properties: {
          entrypoint: { type: 'string' },
          activeDeadlineSeconds: { type: 'integer', format: 'int64' },
          retryLimit: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
          tasks: { type: 'array', items: { $ref: '#/definitions/task' } },
        },
      },
    },
  },
  task: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, policy: { type: 'string', enum: ['Always', 'Never'] } } },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string' },
};

const validator = createArgoSchemaValidator({ definitions });
const valid = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'a' }, spec: { entrypoint: 'main', retryLimit: 3, tasks: [{ name: 't', policy: 'Always' }] } };

describe('the Argo JSON schema check', () => {
  it('accepts a valid object, with an integer where the schema says IntOrString', () => {
    expect(validator.validate(valid)).toEqual([]);
    expect(validator.validate({ ...valid, spec: { ...valid.spec, retryLimit: '3' } })).toEqual([]);
  });

  it('reports unknown fields, wrong types, missing required fields and values outside an enum', () => {
    const broken = {
      ...valid,
      metadata: { name: 7 },
      spec: { entrypiont: 'main', activeDeadlineSeconds: 1.5, retryLimit: true, tasks: [{ policy: 'Sometimes' }] },
    };
    expect(validator.validate(broken)).toEqual([
      { path: '/metadata/name', message: 'must be of type string, got number' },
      { path: '/spec/entrypiont', message: 'is not a known field' },
      { path: '/spec/activeDeadlineSeconds', message: 'must be of type integer, got number' },
      { path: '/spec/retryLimit', message: 'must be a string or an integer' },
      { path: '/spec/tasks/0', message: 'must have required property name' },
      { path: '/spec/tasks/0/policy', message: 'must be one of ["Always","Never"]' },
    ]);
  });

  it('refuses a kind the schema does not define', () => {
    expect(validator.validate({ kind: 'Pod' })).toEqual([{ path: '', message: 'kind "Pod" is not an Argo kind of this schema' }]);
  });

  describe('with the upstream schema', () => {
    let upstream: ArgoSchemaValidator | undefined;
    beforeAll(async () => {
      upstream = await loadUpstreamArgoSchema();
    });

    it(`catches a misspelt field in a real Workflow (skipped when ${upstreamArgoSchemaPath} is absent)`, (context) => {
      if (upstream === undefined) {
        context.skip(`Argo's schema.json is not at ${upstreamArgoSchemaPath}`);
        return;
      }
      const workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: 'x-' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', comand: ['true'] } }] } };
      expect(upstream.validate(workflow)).toEqual([{ path: '/spec/templates/0/container/comand', message: 'is not a known field' }]);
    });
  });
});
