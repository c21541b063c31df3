import { describe, expect, it } from 'vitest';
import { createEngineHarness, exitCodeOf, parseWorkflow, type EngineHarness } from './testing/engine-harness.ts';

const passFail = `
    - name: pass
      container: { image: busybox, command: [sh, -c, exit 0] }
    - name: fail
      container: { image: busybox, command: [sh, -c, exit 1] }
`;

/** YAML pieces of a workflow whose entrypoint is `main`; each starts on a new line at its own indentation. */
interface MainWorkflow {
  /** More `spec` fields, indented two spaces. */
  spec?: string;
  /** The body of the `main` template, indented six spaces. */
  main: string;
  /** More templates besides `main` and the pass/fail pair, indented four spaces. */
  templates?: string;
}

/** Most cases differ only in these pieces, so the surrounding workflow and harness are written once. */
function harnessForMain({ spec = '', main, templates = '' }: MainWorkflow): EngineHarness {
  return createEngineHarness(
    parseWorkflow(`
spec:
  entrypoint: main${spec}
  templates:
    - name: main${main}${templates}
${passFail}`),
  );
}

describe('the workflow engine', () => {
  it('runs dag-enhanced-depends to Succeeded, omitting the task whose depends fails', () => {
    const harness = createEngineHarness(
      parseWorkflow(`
spec:
  entrypoint: diamond
  templates:
    - name: diamond
      dag:
        tasks:
          - { name: A, template: pass }
          - { name: B, depends: A, template: pass }
          - { name: C, depends: A, template: fail }
          - { name: should-execute-1, depends: "A && (C.Succeeded || C.Failed)", template: pass }
          - { name: should-execute-2, depends: B || C, template: pass }
          - { name: should-not-execute, depends: B && C, template: pass }
          - { name: should-execute-3, depends: should-execute-2.Succeeded || should-not-execute, template: pass }
${passFail}`),
    );
    harness.settle((request) => ({ exitCode: exitCodeOf(request) }));
    const { status } = harness.engine;
    expect(status.phase).toBe('Succeeded');
    expect(harness.node('C')).toMatchObject({ phase: 'Failed', message: 'Error (exit code 1)', type: 'Pod' });
    expect(harness.node('should-not-execute')).toMatchObject({ phase: 'Omitted', type: 'Skipped', message: 'omitted: depends condition not met' });
    expect(harness.node('should-execute-3').phase).toBe('Succeeded');
    expect(status.progress).toBe('5/6');
    const root = harness.node('wf');
    expect(root).toMatchObject({ type: 'DAG', phase: 'Succeeded', progress: '5/6' });
    expect(root.children).toEqual([harness.node('A').id]);
    expect(harness.node('A').children?.sort()).toEqual([harness.node('B').id, harness.node('C').id, harness.node('should-execute-1').id].sort());
    expect(harness.node('C').children?.sort()).toEqual([harness.node('should-execute-1').id, harness.node('should-execute-2').id, harness.node('should-not-execute').id].sort());
    expect(status.conditions).toEqual([
      { type: 'PodRunning', status: 'False' },
      { type: 'Completed', status: 'True' },
    ]);
  });

  it('fails a DAG whose target task failed and, with failFast, starts nothing new after an unhandled failure', () => {
    const harness = harnessForMain({
      main: `
      dag:
        tasks:
          - { name: boom, template: fail }
          - { name: slow, template: pass }
          - { name: after-slow, depends: slow, template: pass }`,
    });
    const boom = harness.launched.find((request) => request.nodeName === 'wf.boom');
    if (!boom) throw new Error('boom was not started');
    harness.finishPod(boom, { exitCode: 1 });
    harness.settle(() => ({}));
    expect(harness.engine.status.phase).toBe('Failed');
    expect(harness.launched.map((request) => request.nodeName).sort()).toEqual(['wf.boom', 'wf.slow']);
    expect(() => harness.node('after-slow')).toThrow('expected one node "after-slow", found 0');
  });

  it('runs steps in order with withItems fan-out, when clauses and aggregated results', () => {
    const harness = harnessForMain({
      spec: `
  arguments: { parameters: [{ name: mode, value: fast }] }`,
      main: `
      steps:
        - - name: gen
            template: echo
            arguments: { parameters: [{ name: text, value: "{{item}}" }] }
            withItems: [a, b]
        - - name: fast
            template: echo
            when: "{{workflow.parameters.mode}} == fast"
            arguments: { parameters: [{ name: text, value: "{{steps.gen.outputs.result}}" }] }
          - name: slow
            template: echo
            when: "{{workflow.parameters.mode}} == slow"
            arguments: { parameters: [{ name: text, value: x }] }`,
      templates: `
    - name: echo
      inputs: { parameters: [{ name: text }] }
      script: { image: python, command: [python], source: "print('{{inputs.parameters.text}}')" }`,
    });
    harness.settle((request) => ({ outputs: { result: request.inputs.parameters?.[0]?.value ?? '' } }));
    expect(harness.engine.status.phase).toBe('Succeeded');
    expect(harness.node('gen(0:a)').inputs?.parameters).toEqual([{ name: 'text', value: 'a' }]);
    expect(harness.node('fast').inputs?.parameters).toEqual([{ name: 'text', value: '["a","b"]' }]);
    expect(harness.node('slow')).toMatchObject({ type: 'Skipped', phase: 'Skipped', message: "when 'fast == slow' evaluated false" });
    expect(harness.node('[0]').children).toHaveLength(2);
    expect(harness.node('gen(0:a)').children).toEqual([harness.node('[1]').id]);
    expect(harness.node('wf').outboundNodes?.sort()).toEqual([harness.node('fast').id, harness.node('slow').id].sort());
    expect(harness.launched.find((request) => request.nodeName.endsWith('.fast'))?.template.script?.source).toBe(`print('["a","b"]')`);
  });

  it('fails a step group on a failed child unless the step continues on failure', () => {
    const harness = harnessForMain({
      main: `
      steps:
        - - { name: tolerated, template: fail, continueOn: { failed: true } }
        - - { name: fatal, template: fail }
        - - { name: never, template: pass }`,
    });
    harness.settle((request) => ({ exitCode: exitCodeOf(request) }));
    const fatal = harness.node('fatal');
    expect(harness.node('[0]').phase).toBe('Succeeded');
    expect(harness.node('[1]')).toMatchObject({ phase: 'Failed', message: `child '${fatal.id}' failed` });
    expect(harness.engine.status).toMatchObject({ phase: 'Failed', message: `child '${fatal.id}' failed` });
    expect(harness.launched.map((request) => request.nodeName)).not.toContain('wf[2].never');
  });

  it('retries with backoff, numbering attempts and passing {{retries}}', () => {
    const harness = createEngineHarness(
      parseWorkflow(`
spec:
  entrypoint: flaky
  templates:
    - name: flaky
      retryStrategy: { limit: "3", backoff: { duration: "2", factor: "2" } }
      container: { image: busybox, command: [sh, -c, "attempt {{retries}}"] }
`),
    );
    const first = harness.launched[0];
    if (!first) throw new Error('no pod');
    harness.finishPod(first, { exitCode: 1 });
    expect(harness.node('wf')).toMatchObject({ type: 'Retry', phase: 'Running', message: 'Backoff for 2 seconds' });
    expect(harness.launched).toHaveLength(1);
    harness.advance(2000);
    expect(harness.launched[1]?.template.container?.command).toEqual(['sh', '-c', 'attempt 1']);
    harness.finishPod(harness.launched[1]!, { exitCode: 1 });
    harness.advance(3999);
    expect(harness.launched).toHaveLength(2);
    harness.advance(1);
    harness.finishPod(harness.launched[2]!, { exitCode: 0, outputs: { result: 'ok' } });
    const retry = harness.node('wf');
    expect(retry).toMatchObject({ type: 'Retry', phase: 'Succeeded', outputs: { result: 'ok', exitCode: '0' } });
    expect(retry.children?.map((id) => harness.engine.nodes[id]?.displayName)).toEqual(['wf(0)', 'wf(1)', 'wf(2)']);
    expect(harness.node('wf(1)').nodeFlag).toEqual({ retried: true });
    expect(harness.engine.status.phase).toBe('Succeeded');
  });

  it('runs the exit handler with workflow.status and workflow.failures, and lets its failure fail the workflow', () => {
    const harness = createEngineHarness(
      parseWorkflow(`
spec:
  entrypoint: hello
  onExit: exit-handler
  templates:
    - name: hello
      container: { image: alpine, command: [sh, -c, exit 1] }
    - name: exit-handler
      container: { image: alpine, command: [sh, -c], args: ["echo {{workflow.status}} {{workflow.failures}}"] }
`),
    );
    harness.settle((request) => ({ exitCode: exitCodeOf(request) }));
    const exitPod = harness.launched.find((request) => request.nodeName === 'wf.onExit');
    const args = exitPod?.template.container?.args?.[0] ?? '';
    expect(args.startsWith('echo Failed "[{\\"displayName\\":\\"wf\\",\\"message\\":\\"Error (exit code 1)\\"')).toBe(true);
    expect(harness.node('wf.onExit')).toMatchObject({ phase: 'Succeeded', nodeFlag: { hooked: true } });
    expect(harness.engine.status).toMatchObject({ phase: 'Failed', message: 'Error (exit code 1)', progress: '1/2' });
  });

  it('stops on shutdown Stop but still runs the exit handler; Terminate skips it', () => {
    const workflow: MainWorkflow = {
      spec: `
  onExit: bye`,
      main: `
      steps:
        - - { name: long, template: pass }
        - - { name: next, template: pass }`,
      templates: `
    - name: bye
      container: { image: alpine, command: [sh, -c, exit 0] }`,
    };
    const stop = harnessForMain(workflow);
    stop.setSpec({ shutdown: 'Stop' });
    expect(stop.killed).toEqual([{ nodeId: stop.node('long').id, message: "Stopped with strategy 'Stop'" }]);
    stop.finishPod(stop.launched[0]!, { exitCode: 143 });
    stop.settle(() => ({}));
    expect(stop.launched.map((request) => request.nodeName)).toEqual(['wf[0].long', 'wf.onExit']);
    expect(stop.engine.status).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Stop'" });

    const terminate = harnessForMain(workflow);
    terminate.setSpec({ shutdown: 'Terminate' });
    terminate.finishPod(terminate.launched[0]!, { exitCode: 143 });
    expect(terminate.launched.map((request) => request.nodeName)).toEqual(['wf[0].long']);
    expect(terminate.engine.status).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Terminate'" });
  });

  it('holds a suspend node until resumed, or until its duration passes', () => {
    const harness = harnessForMain({
      main: `
      steps:
        - - { name: approve, template: wait }
          - { name: pause, template: nap }`,
      templates: `
    - name: wait
      suspend: {}
    - name: nap
      suspend: { duration: "10s" }`,
    });
    expect(harness.node('approve')).toMatchObject({ type: 'Suspend', phase: 'Running' });
    harness.advance(10_000);
    expect(harness.node('pause').phase).toBe('Succeeded');
    expect(harness.engine.status.phase).toBe('Running');
    const approve = harness.node('approve');
    expect(harness.engine.applyExternalNodes({ [approve.id]: { ...approve, phase: 'Succeeded' } })).toBe(true);
    harness.engine.operate();
    expect(harness.engine.status.phase).toBe('Succeeded');
  });

  it('creates no new nodes while spec.suspend is true', () => {
    const harness = harnessForMain({
      main: `
      steps:
        - - { name: one, template: pass }
        - - { name: two, template: pass }`,
    });
    harness.setSpec({ suspend: true });
    harness.settle(() => ({}));
    expect(harness.launched).toHaveLength(1);
    expect(harness.engine.status.phase).toBe('Running');
    harness.setSpec({ suspend: false });
    harness.settle(() => ({}));
    expect(harness.engine.status.phase).toBe('Succeeded');
  });

  it('kills pods at the workflow deadline and fails what has not started', () => {
    const harness = harnessForMain({
      spec: `
  activeDeadlineSeconds: 5`,
      main: `
      steps:
        - - { name: slow, template: pass }
        - - { name: later, template: pass }`,
    });
    harness.advance(5000);
    expect(harness.killed).toEqual([{ nodeId: harness.node('slow').id, message: 'Pod was active on the node longer than the specified deadline' }]);
    harness.finishPod(harness.launched[0]!, { exitCode: 143 });
    expect(harness.engine.status.phase).toBe('Failed');
    expect(harness.launched).toHaveLength(1);
  });

  it('keeps to spec.parallelism and template parallelism', () => {
    const harness = harnessForMain({
      spec: `
  parallelism: 2`,
      main: `
      steps:
        - - { name: fan, template: pass, withSequence: { count: "5" } }`,
    });
    expect(harness.launched).toHaveLength(2);
    harness.finishPod(harness.launched[0]!, {});
    expect(harness.launched).toHaveLength(3);
    harness.settle(() => ({}));
    expect(harness.engine.status).toMatchObject({ phase: 'Succeeded', progress: '5/5' });

    const limited = harnessForMain({
      main: `
      parallelism: 1
      dag:
        tasks:
          - { name: one, template: pass }
          - { name: two, template: pass }`,
    });
    expect(limited.launched).toHaveLength(1);
    limited.settle(() => ({}));
    expect(limited.launched).toHaveLength(2);
    expect(limited.engine.status.phase).toBe('Succeeded');
  });

  it('fails a node whose inputs are missing, and refuses templates it cannot run', () => {
    const harness = harnessForMain({
      main: `
      steps:
        - - { name: needs, template: greet }
          - { name: k8s, template: apply }`,
      templates: `
    - name: greet
      inputs: { parameters: [{ name: who }] }
      container: { image: alpine, command: [echo, "{{inputs.parameters.who}}"] }
    - name: apply
      resource: { action: create, manifest: "kind: ConfigMap" }`,
    });
    harness.settle(() => ({}));
    expect(harness.launched).toHaveLength(0);
    expect(harness.node('needs')).toMatchObject({ phase: 'Error', message: 'inputs.parameters.who was not supplied' });
    expect(harness.node('k8s')).toMatchObject({ phase: 'Error', message: 'resource templates are not supported by the local Argo controller (it runs container, script, steps, dag and suspend templates)' });
    expect(harness.engine.status.phase).toBe('Failed');
  });

  it('runs a task onExit after the task and holds its dependents until the handler is done', () => {
    const harness = harnessForMain({
      main: `
      dag:
        tasks:
          - { name: train, template: pass, onExit: notify }
          - { name: report, depends: train, template: pass }`,
      templates: `
    - name: notify
      container: { image: alpine, command: [sh, -c, "echo {{workflow.name}}"] }`,
    });
    harness.finishPod(harness.launched[0]!, {});
    expect(harness.launched.map((request) => request.nodeName)).toEqual(['wf.train', 'wf.train.onExit']);
    harness.finishPod(harness.launched[1]!, {});
    expect(harness.launched.map((request) => request.nodeName)).toEqual(['wf.train', 'wf.train.onExit', 'wf.report']);
    expect(harness.node('train.onExit').nodeFlag).toEqual({ hooked: true });
    harness.settle(() => ({}));
    expect(harness.engine.status.phase).toBe('Succeeded');
  });

  it('passes task outputs to later tasks and publishes DAG outputs', () => {
    const harness = harnessForMain({
      main: `
      outputs: { parameters: [{ name: final, valueFrom: { parameter: "{{tasks.use.outputs.parameters.out}}" }, globalName: answer }] }
      dag:
        tasks:
          - { name: make, template: produce }
          - name: use
            depends: make
            template: consume
            arguments: { parameters: [{ name: in, value: "{{tasks.make.outputs.parameters.out}}" }] }`,
      templates: `
    - name: produce
      outputs: { parameters: [{ name: out, valueFrom: { path: /tmp/out } }] }
      container: { image: alpine, command: [sh, -c, "echo 41 > /tmp/out"] }
    - name: consume
      inputs: { parameters: [{ name: in }] }
      outputs: { parameters: [{ name: out, valueFrom: { path: /tmp/out } }] }
      container: { image: alpine, command: [sh, -c, "echo {{inputs.parameters.in}}"] }`,
    });
    harness.settle((request) => ({ outputs: { parameters: [{ name: 'out', value: request.templateName === 'produce' ? '41' : `${request.inputs.parameters?.[0]?.value ?? ''}+1` }] } }));
    expect(harness.node('use').inputs?.parameters).toEqual([{ name: 'in', value: '41' }]);
    expect(harness.node('wf').outputs?.parameters).toEqual([{ name: 'final', value: '41+1' }]);
    expect(harness.engine.status.outputs?.parameters).toEqual([{ name: 'answer', value: '41+1' }]);
  });
});
