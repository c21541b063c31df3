// Every manifest the builders make is a valid Argo object: checked with the validators of
// @kubernetes-models/argo-workflows (generated from Argo's Go types) and with Argo's published
// JSON schema, for every shipped project and randomised valid parameters.
import fc from 'fast-check';
import { Workflow as WorkflowModel, WorkflowTemplate as WorkflowTemplateModel } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTriggers, validateRunParameters } from '@trainops/contracts';
import type { ParameterSpec, ParameterSpecs, ParameterValue } from '@trainops/contracts';
import { exportFormats } from '@trainops/projects';
import type { ProjectConfig } from '@trainops/projects';
import type { Workflow, WorkflowTemplate } from './argo-types.ts';
import { buildExportWorkflow } from './build-export-workflow.ts';
import { buildTrainWorkflowTemplate } from './build-train-workflow-template.ts';
import { buildTrainWorkflow } from './build-train-workflow.ts';
import { loadUpstreamArgoSchema, upstreamArgoSchemaPath } from './testing/argo-json-schema.ts';
import type { ArgoSchemaValidator } from './testing/argo-json-schema.ts';
import { buildSampleTrainOptions, loadShippedProjects, sampleS3Connection, shippedTemplateOptions } from './testing/sample-options.ts';

let projects: ProjectConfig[];
let upstream: ArgoSchemaValidator | undefined;

beforeAll(async () => {
  projects = await loadShippedProjects();
  upstream = await loadUpstreamArgoSchema();
  if (upstream === undefined) console.warn(`Argo's schema.json is not at ${upstreamArgoSchemaPath}: only the @kubernetes-models validators run`);
});

function expectValidArgo(manifest: Workflow | WorkflowTemplate): void {
  // The model validators throw with every problem listed.
  if (manifest.kind === 'Workflow') new WorkflowModel(manifest as never).validate();
  else new WorkflowTemplateModel(manifest as never).validate();
  if (upstream !== undefined) expect(upstream.validate(manifest)).toEqual([]);
}

function arbitraryValue(spec: ParameterSpec): fc.Arbitrary<ParameterValue> {
  switch (spec.type) {
    case 'int': {
      const step = spec.multipleOf ?? 1;
      const min = Math.ceil((spec.min ?? -1_000_000) / step);
      const max = Math.floor((spec.max ?? 1_000_000) / step);
      // Chat sends text, api clients numbers: both must build.
      return fc.integer({ min, max }).chain((n) => fc.constantFrom<ParameterValue>(n * step, String(n * step)));
    }
    case 'float':
      return fc.double({ min: spec.min ?? -1e6, max: spec.max ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'bool':
      return fc.oneof(fc.boolean(), fc.constantFrom('yes', 'no', 'true', 'false'));
    case 'enum':
      return fc.constantFrom(...spec.values);
    case 'string':
      return fc.string({ maxLength: spec.maxLength });
  }
}

function arbitraryParams(specs: ParameterSpecs): fc.Arbitrary<Record<string, ParameterValue>> {
  const fields = Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, arbitraryValue(spec)]));
  return fc
    .record(fields, { requiredKeys: [] })
    .map((given) => Object.fromEntries(Object.entries(given).filter((entry): entry is [string, ParameterValue] => entry[1] !== undefined)))
    .filter((params) => {
      try {
        validateRunParameters(specs, params);
        return true;
      } catch {
        return false;
      }
    });
}

const arbitraryRun = fc.record({
  id: fc.uuid(),
  requester: fc.stringMatching(/^[A-Za-z0-9][ -~]{0,80}$/),
  trigger: fc.constantFrom(...runTriggers),
});

describe('built manifests against Argo schemas', () => {
  it('validates the training workflow of every shipped project, inline and by template reference, for random valid parameters', () => {
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) {
      fc.assert(
        fc.property(arbitraryParams(project.parameters), arbitraryRun, fc.constantFrom('ref', 'bucket', 'template'), (params, run, form) => {
          const options = buildSampleTrainOptions(project, { params, run });
          if (form === 'bucket') options.artifactRepository = { bucket: 'trainops-artifacts', ...sampleS3Connection };
          if (form === 'template') {
            options.workflowTemplateRef = true;
            delete options.datasetS3;
          }
          const workflow = buildTrainWorkflow(options);
          expectValidArgo(workflow);

          // Each validated parameter is exactly one argv element, whichever form carries it.
          const args =
            form === 'template'
              ? (JSON.parse(workflow.spec.arguments!.parameters!.find((p) => p.name === 'train-pod-patch')!.value!) as { containers: Array<{ args: string[] }> }).containers[0]!.args
              : workflow.spec.templates!.find((t) => t.name === 'train')!.container!.args!;
          for (const key of Object.keys(validateRunParameters(project.parameters, params))) {
            expect(args.filter((arg) => arg.startsWith(`${key}=`))).toHaveLength(1);
          }
        }),
        { numRuns: Math.ceil(100 / projects.length) },
      );
    }
  });

  it('validates the export workflow of every shipped project for any set of formats', () => {
    for (const project of projects) {
      fc.assert(
        fc.property(fc.uniqueArray(fc.constantFrom(...exportFormats), { minLength: 1 }), arbitraryRun, (formats, run) => {
          const workflow = buildExportWorkflow({
            project,
            parentRun: { id: 'b1d7c7a0-3c55-4f0e-a4c9-54a0a1f2d3e4' },
            run,
            formats,
            namespace: 'trainops',
            serviceAccountName: 'trainops-workflow',
            artifactRepository: { artifactRepositoryRef: { configMap: 'artifact-repositories', key: 'trainops' } },
          });
          expectValidArgo(workflow);
        }),
        { numRuns: 20 },
      );
    }
  });

  it('validates the shipped WorkflowTemplate', () => {
    expectValidArgo(buildTrainWorkflowTemplate(shippedTemplateOptions));
  });
});
