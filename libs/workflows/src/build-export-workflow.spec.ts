import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@trainops/contracts';
import type { ProjectConfig } from '@trainops/projects';
import { buildExportWorkflow } from './build-export-workflow.ts';
import type { BuildExportWorkflowOptions } from './build-export-workflow.ts';
import { loadShippedProjects, sampleRun } from './testing/sample-options.ts';

let pcbDefect: ProjectConfig;

beforeAll(async () => {
  pcbDefect = (await loadShippedProjects()).find((project) => project.name === 'pcb-defect')!;
});

function options(overrides: Partial<BuildExportWorkflowOptions> = {}): BuildExportWorkflowOptions {
  return {
    project: pcbDefect,
    parentRun: { id: 'b1d7c7a0-3c55-4f0e-a4c9-54a0a1f2d3e4' },
    run: { ...sampleRun, id: 'e0c8f1a2-0000-4000-8000-000000000001' },
    namespace: 'trainops',
    serviceAccountName: 'trainops-workflow',
    artifactRepository: { artifactRepositoryRef: { configMap: 'artifact-repositories', key: 'trainops' } },
    ...overrides,
  };
}

describe('buildExportWorkflow', () => {
  it("exports the parent run's best.pt in one pod per format, outputs under the export run's prefix", () => {
    const workflow = buildExportWorkflow(options({ formats: ['onnx', 'openvino'] }));
    expect(workflow.metadata).toMatchObject({
      generateName: 'pcb-defect-export-',
      labels: { 'trainops.dev/kind': 'export', 'trainops.dev/run-id': 'e0c8f1a2-0000-4000-8000-000000000001' },
      annotations: { 'trainops.dev/parent-run-id': 'b1d7c7a0-3c55-4f0e-a4c9-54a0a1f2d3e4' },
    });
    expect(workflow.spec.templates![0]).toEqual({
      name: 'export',
      dag: { tasks: [{ name: 'export-onnx', template: 'export-onnx' }, { name: 'export-openvino', template: 'export-openvino' }] },
    });
    const onnx = workflow.spec.templates!.find((template) => template.name === 'export-onnx')!;
    expect(onnx.inputs?.artifacts).toEqual([
      { name: 'best-weights', path: '/work/weights/best.pt', s3: { key: 'runs/pcb-defect/b1d7c7a0-3c55-4f0e-a4c9-54a0a1f2d3e4/weights/best.pt' } },
    ]);
    expect(onnx.container?.args).toEqual(['export', 'model=/work/weights/best.pt', 'format=onnx', 'imgsz=640', 'half=False', 'int8=False', 'dynamic=False']);
    expect(onnx.outputs?.artifacts).toEqual([
      {
        name: 'onnx-model',
        path: '/work/weights/best.onnx',
        archive: { none: {} },
        s3: { key: 'runs/pcb-defect/e0c8f1a2-0000-4000-8000-000000000001/weights/best.onnx' },
      },
    ]);
    expect(workflow.spec.templates!.find((template) => template.name === 'export-openvino')!.outputs?.artifacts?.[0]?.path).toBe('/work/weights/best_openvino_model');
    // Only TensorRT needs a GPU.
    expect(onnx.container?.resources?.limits).not.toHaveProperty('nvidia.com/gpu');
  });

  it('builds TensorRT engines on a GPU node of the project', () => {
    const engine = buildExportWorkflow(options({ formats: ['engine'] })).spec.templates!.find((template) => template.name === 'export-engine')!;
    expect(engine.container?.resources?.limits?.['nvidia.com/gpu']).toBe('1');
    expect(engine.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(engine.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it("uses the project's export settings and formats by default", () => {
    const project: ProjectConfig = { ...pcbDefect, exports: { formats: ['torchscript'], imgsz: 1024, half: true, int8: false, dynamic: true } };
    const workflow = buildExportWorkflow(options({ project, trainImgsz: 800 }));
    const template = workflow.spec.templates!.find((candidate) => candidate.name === 'export-torchscript')!;
    expect(template.container?.args).toEqual(['export', 'model=/work/weights/best.pt', 'format=torchscript', 'imgsz=1024', 'half=True', 'int8=False', 'dynamic=True']);
  });

  it('refuses unknown or repeated formats and a bad parent id, naming each, without touching the project', () => {
    const before = structuredClone(pcbDefect);
    expect(() => buildExportWorkflow(options({ formats: ['onnx', 'onnx', 'pytorch' as never], parentRun: { id: '../other' } }))).toThrow(
      new InputError(
        'cannot build the export workflow of project pcb-defect: parentRun.id must be the id of the run to export, got "../other"; "pytorch" is not an export format; use one of onnx, engine, openvino, torchscript, coreml, tflite; formats lists a format twice',
        {
          details: {
            problems: [
              'parentRun.id must be the id of the run to export, got "../other"',
              '"pytorch" is not an export format; use one of onnx, engine, openvino, torchscript, coreml, tflite',
              'formats lists a format twice',
            ],
          },
        },
      ),
    );
    expect(pcbDefect).toEqual(before);
  });
});
