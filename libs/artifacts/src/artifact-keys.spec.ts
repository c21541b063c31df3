import { describe, expect, it } from 'vitest';
import { InputError } from '@trainops/contracts';
import { InvalidArtifactKeyError } from './artifact-errors.ts';
import { assertArtifactKey, buildModelKeys, buildRunKeys, classifyRunOutput, parseRunKey, toS3Uri } from './artifact-keys.ts';

describe('buildRunKeys', () => {
  it('lays a run out as runs/<project>/<run-id>/ with the Ultralytics file names', () => {
    const keys = buildRunKeys('pcb-defect', '0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d');
    expect({ ...keys, file: undefined, exportPrefix: undefined, exportKey: undefined }).toEqual({
      project: 'pcb-defect',
      runId: '0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d',
      prefix: 'runs/pcb-defect/0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d/',
      resultsCsv: 'runs/pcb-defect/0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d/results.csv',
      argsYaml: 'runs/pcb-defect/0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d/args.yaml',
      resultsPng: 'runs/pcb-defect/0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d/results.png',
      bestWeights: 'runs/pcb-defect/0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d/weights/best.pt',
      lastWeights: 'runs/pcb-defect/0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d/weights/last.pt',
      bestOnnx: 'runs/pcb-defect/0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d/weights/best.onnx',
      trainingChart: 'runs/pcb-defect/0b6f6a8e-2f7c-4c55-9d7e-1f1d2a3b4c5d/training-chart.png',
      file: undefined,
      exportPrefix: undefined,
      exportKey: undefined,
    });
  });

  it('puts export outputs under exports/<format>/ and any other file under the run prefix', () => {
    const keys = buildRunKeys('pcb-defect', 'run-1');
    expect(keys.exportPrefix('openvino')).toBe('runs/pcb-defect/run-1/exports/openvino/');
    expect(keys.exportKey('openvino', 'best_openvino_model/best.xml')).toBe('runs/pcb-defect/run-1/exports/openvino/best_openvino_model/best.xml');
    expect(keys.file('confusion_matrix.png')).toBe('runs/pcb-defect/run-1/confusion_matrix.png');
  });

  it.each([
    ['project', '..', 'run-1'],
    ['project', '../etc', 'run-1'],
    ['project', '/pcb', 'run-1'],
    ['project', 'pcb/defect', 'run-1'],
    ['project', '', 'run-1'],
    ['run id', 'pcb', 'a..b'],
    ['run id', 'pcb', '.hidden'],
  ])('refuses a %s that could escape its folder (%j, %j) with a message naming it', (field, project, runId) => {
    const attempt = () => buildRunKeys(project, runId);
    expect(attempt).toThrow(InvalidArtifactKeyError);
    expect(attempt).toThrow(`${field} ${JSON.stringify(field === 'project' ? project : runId)} cannot be part of an S3 key`);
  });

  it.each([
    ['/weights/best.pt', 'it must not start with "/"'],
    ['weights/../../other-run/best.pt', 'it must not contain a ".." segment'],
    ['weights/./best.pt', 'it must not contain a "." segment'],
    ['weights//best.pt', 'it must not contain an empty segment'],
    ['weights/', 'it must not contain an empty segment'],
    ['weights\\best.pt', 'it must not contain "\\" or control characters'],
    ['best\n.pt', 'it must not contain "\\" or control characters'],
    ['', 'it is empty'],
  ])('refuses the relative path %j: %s', (path, why) => {
    const keys = buildRunKeys('pcb', 'run-1');
    expect(() => keys.file(path)).toThrow(`path ${JSON.stringify(path)} cannot be used in an S3 key: ${why}`);
  });

  it('refuses keys longer than the 1024 bytes S3 allows', () => {
    const error = (() => {
      try {
        buildRunKeys('pcb', 'run-1').file(`${'a'.repeat(1100)}.txt`);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^S3 key is 1119 bytes long; S3 allows at most 1024/);
  });
});

describe('buildModelKeys', () => {
  it('places a promoted version under models/<project>/v<version>/', () => {
    const keys = buildModelKeys('pcb-defect', 3);
    expect(keys.prefix).toBe('models/pcb-defect/v3/');
    expect(keys.bestWeights).toBe('models/pcb-defect/v3/weights/best.pt');
    expect(keys.file('exports/onnx/best.onnx')).toBe('models/pcb-defect/v3/exports/onnx/best.onnx');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses version %s', (version) => {
    expect(() => buildModelKeys('pcb-defect', version)).toThrow(`model version ${JSON.stringify(version)} is not a whole number from 1 up`);
  });
});

describe('parseRunKey', () => {
  it('reads the project, run id and path back from a run key', () => {
    expect(parseRunKey('runs/pcb-defect/run-1/weights/best.pt')).toEqual({ project: 'pcb-defect', runId: 'run-1', path: 'weights/best.pt' });
  });

  it.each(['models/pcb/v1/weights/best.pt', 'runs/pcb/run-1', 'runs/pcb/run-1/', 'runs/../run-1/x', 'runs/pcb/run-1/a/../b'])('returns undefined for %j', (key) => {
    expect(parseRunKey(key)).toBeUndefined();
  });
});

describe('classifyRunOutput', () => {
  it('names the kind of each file in a run folder', () => {
    expect(
      ['results.csv', 'args.yaml', 'results.png', 'training-chart.png', 'weights/best.pt', 'exports/onnx/best.onnx', 'confusion_matrix.png', 'labels.cache'].map(
        classifyRunOutput,
      ),
    ).toEqual(['results', 'args', 'results-plot', 'training-chart', 'weights', 'export', 'plot', 'other']);
  });
});

describe('assertArtifactKey and toS3Uri', () => {
  it('accepts a whole key and refuses a leading slash with a message about the key', () => {
    expect(assertArtifactKey('runs/pcb/run-1/results.csv')).toBe('runs/pcb/run-1/results.csv');
    expect(() => assertArtifactKey('/runs/pcb')).toThrow('S3 key "/runs/pcb" is not allowed: it must not start with "/"');
  });

  it('writes the s3:// form the registry stores', () => {
    expect(toS3Uri('trainops-artifacts', 'models/pcb/v1/weights/best.pt')).toBe('s3://trainops-artifacts/models/pcb/v1/weights/best.pt');
  });
});
