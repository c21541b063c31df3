import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasReference, parseYamlWorkflow, referenceFolder, referenceSkipReason } from './testing/controller-harness.ts';
import type { WorkflowObject } from './types.ts';
import { validateWorkflow } from './workflow-validation.ts';

const noRefs = () => undefined;

function workflow(spec: unknown): WorkflowObject {
  return { metadata: { name: 'wf', namespace: 'argo' }, spec: spec as WorkflowObject['spec'] };
}

const hello = { name: 'main', container: { image: 'busybox', command: ['echo', 'hi'] } };

describe('workflow validation', () => {
  if (!hasReference) it.skip(referenceSkipReason, () => undefined);

  it.runIf(hasReference)('accepts every Workflow among the reference examples and recorded statuses, refusing only unsupported lifecycle hooks', async () => {
    const folder = referenceFolder();
    const files = [
      ...(await readdir(folder)).filter((file) => file.endsWith('.yaml')),
      ...(await readdir(path.join(folder, 'status'))).filter((file) => file.endsWith('.yaml')).map((file) => path.join('status', file)),
    ];
    const results: Record<string, string | undefined> = {};
    for (const file of files) {
      let text = await readFile(path.join(folder, file), 'utf8');
      // ci.yaml's multi-line quoted args inside a flow sequence: valid for Go's YAML only (see the reference README).
      text = text.replace(/\[\s*"([^"]*)"\s*\]/g, (_whole, body: string) => JSON.stringify([body.replace(/\s*\n\s*/g, ' ')]));
      const parsed = parseYamlWorkflow(text);
      if (parsed.kind !== undefined && parsed.kind !== 'Workflow') continue;
      results[file] = validateWorkflow({ ...parsed, metadata: { ...parsed.metadata, name: parsed.metadata.name ?? 'example' } }, noRefs);
    }
    expect(Object.keys(results).length).toBeGreaterThanOrEqual(15);
    expect(Object.entries(results).filter(([, problem]) => problem !== undefined)).toEqual([
      ['status/hooks_test.go.lifecycle-hook-error.yaml', "spec.hooks.error: only the 'exit' lifecycle hook is supported by the local controller"],
    ]);
  });

  it.runIf(hasReference)('normalizes exactly where the generated schema is stricter than upstream schema.json', async () => {
    const schema = JSON.parse(await readFile(path.join(referenceFolder(), 'schema.json'), 'utf8')) as { definitions: Record<string, { required?: string[]; type?: string }> };
    expect(schema.definitions['io.k8s.api.core.v1.Container']?.required).toEqual(['image']);
    expect(schema.definitions['io.argoproj.workflow.v1alpha1.ParallelSteps']?.type).toBe('array');
    expect(schema.definitions['io.k8s.api.core.v1.PersistentVolumeClaim']?.required).toBeUndefined();
    expect(schema.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.type).toBe('string');
    // …and Argo takes integers there all the same:
    expect(validateWorkflow(workflow({ entrypoint: 'main', templates: [{ ...hello, retryStrategy: { limit: 2 } }] }), noRefs)).toBeUndefined();
  });

  it('accepts numbers and booleans as parameter values, as Argo does', () => {
    expect(validateWorkflow(workflow({ entrypoint: 'main', arguments: { parameters: [{ name: 'epochs', value: 50 }, { name: 'fast', value: true }] }, templates: [hello] }), noRefs)).toBeUndefined();
  });

  it('explains what is wrong, naming the place', () => {
    const cases: Array<[unknown, string]> = [
      [{ templates: [hello] }, 'spec.entrypoint is required'],
      [{ entrypoint: 'nope', templates: [hello] }, "spec.entrypoint template 'nope' undefined"],
      [{ entrypoint: 'main', onExit: 'bye', templates: [hello] }, "spec.onExit template 'bye' undefined"],
      [{ entrypoint: 'main', templates: [{ name: 'main' }] }, 'templates.main template type unspecified. choose one of: container, containerSet, steps, script, resource, dag, suspend, data, http, plugin'],
      [{ entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 'a', template: 'ghost' }]] }] }, "templates.main.steps[0].a.template 'ghost' undefined"],
      [{ entrypoint: 'main', templates: [{ name: 'main', dag: { tasks: [{ name: 'a', template: 'main', depends: 'b' }] } }] }, "templates.main.tasks.a dependency 'b' not defined"],
      [
        { entrypoint: 'main', templates: [{ name: 'main', dag: { tasks: [{ name: 'a', template: 'x', depends: 'b' }, { name: 'b', template: 'x', depends: 'a' }] } }, { ...hello, name: 'x' }] },
        'templates.main dependency cycle detected: a->b->a',
      ],
      [{ entrypoint: 'main', templates: [{ ...hello, retryStrategy: { limit: 'often' } }] }, 'templates.main.retryStrategy: retryStrategy.limit "often" is not a whole number'],
      [{ entrypoint: 'main', templates: [{ ...hello, container: { image: 'busybox', args: ['{{inputs.parameters.who}}'] } }] }, 'templates.main: failed to resolve {{inputs.parameters.who}}'],
      [{ entrypoint: 'main', templates: [{ ...hello, inputs: { parameters: [{ name: 'who' }] } }] }, 'spec.arguments.who.value is required'],
      [{ entrypoint: 'main', templates: [{ ...hello, container: { image: 'busybox', command: 'echo hi' } }] }, 'spec.templates[0].container.command: must be array'],
      [
        { entrypoint: 'main', templates: [{ ...hello, synchronization: { mutexes: [{ name: 'gpu' }] } }] },
        'templates.main.synchronization: template-level synchronization is not supported by the local controller (use spec.synchronization)',
      ],
      [{ entrypoint: 'main', templates: [{ ...hello, outputs: { artifacts: [{ name: 'w', path: '/w', gcs: { key: 'w' } }] } }] }, 'templates.main.outputs.artifacts.w: only s3 output artifacts are supported by the local controller'],
      [{ entrypoint: 'main', arguments: { parameters: [{ name: 'p', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } }] }, templates: [hello] }, 'spec.arguments.p.valueFrom is not supported by the local controller: give a value'],
    ];
    for (const [spec, message] of cases) expect(validateWorkflow(workflow(spec), noRefs)).toBe(message);
  });
});
