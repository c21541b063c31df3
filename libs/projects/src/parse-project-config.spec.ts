import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { InputError } from '@trainops/contracts';
import { parseProjectConfig } from './parse-project-config.ts';
import { ProjectConfigError } from './project-config-error.ts';

const FILE = 'config/projects/pcb-defect.yaml';
const exampleText = readFileSync(new URL('../../../config/projects/pcb-defect.yaml', import.meta.url), 'utf8');

/** The shipped example with one edit applied, as YAML text. */
function variant(edit: (document: Document) => void): string {
  const document = parseDocument(exampleText);
  edit(document);
  return document.toString();
}

function problemsOf(text: string, fileName = FILE): ProjectConfigError {
  try {
    parseProjectConfig(text, { fileName });
  } catch (error) {
    if (error instanceof ProjectConfigError) return error;
    throw error;
  }
  throw new Error('expected the project file to be refused');
}

describe('parseProjectConfig', () => {
  it('reads the shipped pcb-defect example with its defaults filled in', () => {
    const project = parseProjectConfig(exampleText, { fileName: FILE });
    expect(project.name).toBe('pcb-defect');
    expect(project.task).toBe('detect');
    expect(project.dataset).toEqual({
      s3: 's3://trainops-datasets/deeppcb/v1/data.yaml',
      classes: ['open', 'short', 'mousebite', 'spur', 'copper', 'pin-hole'],
    });
    expect(project.image).toBe('ultralytics/ultralytics:8.4.21');
    expect(project.parameters['imgsz']).toEqual({
      type: 'int', min: 320, max: 1280, multipleOf: 32, default: 640,
      description: 'Training image size in pixels (PCB defects are small; larger helps)',
    });
    expect(project.resources).toMatchObject({ gpus: 1, cpu: '8', memory: '32Gi', shmSize: '8Gi' });
    expect(project.resources.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(project.schedule).toEqual({ cron: '0 2 * * *', timezone: 'Europe/Berlin', params: { epochs: 100 }, enabled: true, overlap: 'skip' });
    expect(project.exports.formats).toEqual(['onnx']);
    expect(project.promotion.gates.minimums).toEqual({ mAP50: 0.85, 'mAP50-95': 0.5 });
  });

  it('fills in defaults for the optional sections', () => {
    const project = parseProjectConfig(
      variant((document) => {
        for (const key of ['schedule', 'exports', 'limits', 'promotion']) document.delete(key);
        document.deleteIn(['slack', 'requesters']);
      }),
      { fileName: FILE },
    );
    expect(project.schedule).toBeUndefined();
    expect(project.exports).toEqual({ formats: [], half: false, int8: false, dynamic: false });
    expect(project.limits).toEqual({ activeDeadlineSeconds: 86_400 });
    expect(project.promotion).toEqual({ gates: { minimums: {}, maxRegression: {} } });
    expect(project.slack.requesters).toEqual([]);
  });

  it('names file, line and column for a YAML syntax error', () => {
    const error = problemsOf('name: pcb-defect\ntask: detect: segment\n');
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe(`${FILE}: line 2, column 7: Nested mappings are not allowed in compact mappings`);
    expect(error.issues).toEqual([
      { file: FILE, path: '', message: 'line 2, column 7: Nested mappings are not allowed in compact mappings', line: 2, column: 7 },
    ]);
    expect(problemsOf('name: pcb-defect\n\tdescription: x\n').message).toBe(`${FILE}: line 2, column 1: Tabs are not allowed as indentation`);
  });

  it('refuses a YAML file with the same key twice', () => {
    const error = problemsOf(`${exampleText}\ntask: segment\n`);
    expect(error.message).toMatch(/^config\/projects\/pcb-defect\.yaml: line \d+, column 1: Map keys must be unique/);
  });

  it('refuses an empty file', () => {
    expect(problemsOf('# nothing yet\n').message).toBe(`${FILE}: is empty; expected a project (name, description, task, source, …)`);
  });

  it('names a misspelt key and suggests the right one', () => {
    const text = variant((document) => {
      document.setIn(['source', 'revison'], 'main');
      document.deleteIn(['source', 'revision']);
    });
    const error = problemsOf(text);
    expect(error.message).toBe(
      [`${FILE}: source.revision: is required`, `${FILE}: source.revison: unknown key (did you mean "revision"?)`].join('\n'),
    );
    const line = text.split('\n').findIndex((row) => row.includes('revison:')) + 1;
    expect(error.issues[1]).toMatchObject({ path: 'source.revison', line, column: 12 });
  });

  it('lists the allowed keys when an unknown key resembles none of them', () => {
    const error = problemsOf(variant((document) => document.setIn(['exports', 'quantize'], true)));
    expect(error.message).toBe(`${FILE}: exports.quantize: unknown key; allowed here: formats, imgsz, half, int8, dynamic`);
  });

  it('reports a wrong type with the value that was given', () => {
    const error = problemsOf(variant((document) => document.setIn(['parameters', 'epochs', 'max'], 'lots')));
    expect(error.message).toBe(`${FILE}: parameters.epochs.max: expected a number, got "lots"`);
  });

  it('asks for quotes when YAML read a value as a number', () => {
    const error = problemsOf(variant((document) => document.setIn(['source', 'revision'], 2024)));
    expect(error.message).toBe(`${FILE}: source.revision: expected text, got 2024 (put it in quotes)`);
  });

  it('refuses a default outside its range and a default off the multipleOf grid', () => {
    const error = problemsOf(variant((document) => {
      document.setIn(['parameters', 'epochs', 'default'], 500);
      document.setIn(['parameters', 'imgsz', 'default'], 650);
    }));
    expect(error.message).toBe(
      [
        `${FILE}: parameters.epochs.default: epochs must be between 1 and 300 (got 500)`,
        `${FILE}: parameters.imgsz.default: imgsz must be a multiple of 32 (got 650)`,
      ].join('\n'),
    );
  });

  it('refuses a parameter that is not an Ultralytics train argument', () => {
    const error = problemsOf(variant((document) => document.setIn(['parameters', 'epoch'], { type: 'int', min: 1, max: 9 })));
    expect(error.message).toBe(`${FILE}: parameters.epoch: unknown Ultralytics train argument "epoch" (did you mean "epochs"?)`);
  });

  it('keeps pipeline-owned arguments out of chat', () => {
    const error = problemsOf(variant((document) => document.setIn(['parameters', 'data'], { type: 'string' })));
    expect(error.message).toBe(`${FILE}: parameters.data: data is set by the pipeline for every run, so chat cannot set it`);
  });

  it('refuses a spec type the argument cannot take and an unbounded number', () => {
    const error = problemsOf(variant((document) => {
      document.setIn(['parameters', 'epochs'], { type: 'float', min: 1, max: 300 });
      document.setIn(['parameters', 'batch'], { type: 'int', default: 16 });
    }));
    expect(error.message).toBe(
      [
        `${FILE}: parameters.epochs.type: epochs takes type "int", not "float"`,
        `${FILE}: parameters.batch: set both min and max, so chat cannot ask for an unbounded value`,
      ].join('\n'),
    );
  });

  it('refuses an optimizer Ultralytics does not have', () => {
    const error = problemsOf(variant((document) => document.setIn(['parameters', 'optimizer'], { type: 'enum', values: ['SGD', 'adamw'], default: 'SGD' })));
    expect(error.message).toBe(
      `${FILE}: parameters.optimizer.values[1]: Ultralytics does not accept optimizer=adamw; it takes auto, SGD, MuSGD, Adam, Adamax, AdamW, NAdam, RAdam, RMSProp (did you mean "AdamW"?)`,
    );
    const wrongCase = problemsOf(variant((document) => document.setIn(['parameters', 'optimizer', 'default'], 'sgd')));
    expect(wrongCase.message).toBe(`${FILE}: parameters.optimizer.default: must be one of auto, SGD, MuSGD, AdamW, got "sgd"`);
  });

  it('refuses the floating :latest tag and an untagged image', () => {
    const latest = problemsOf(variant((document) => document.set('image', 'ultralytics/ultralytics:latest')));
    expect(latest.message).toBe(
      `${FILE}: image: "ultralytics/ultralytics:latest" uses the moving tag "latest", so each run could get a different trainer; pin a release tag or digest, e.g. ultralytics/ultralytics:8.4.21`,
    );
    const untagged = problemsOf(variant((document) => document.set('image', 'ghcr.io/acme/trainer')));
    expect(untagged.message).toBe(
      `${FILE}: image: "ghcr.io/acme/trainer" has no tag, so each run could get a different trainer; pin a release tag or digest, e.g. ultralytics/ultralytics:8.4.21`,
    );
  });

  it('refuses a CPU-only image for a project that asks for a GPU', () => {
    const error = problemsOf(variant((document) => document.set('image', 'ultralytics/ultralytics:8.4.21-cpu')));
    expect(error.message).toBe(
      `${FILE}: image: "ultralytics/ultralytics:8.4.21-cpu" has no CUDA but resources.gpus is 1; use the GPU tag (the version without a suffix)`,
    );
  });

  it('refuses a token in the repository URL without repeating it', () => {
    const error = problemsOf(variant((document) => document.setIn(['source', 'repo'], 'https://x-access-token:ghp_s3cr3t@github.com/acme/pcb.git')));
    expect(error.message).toBe(
      `${FILE}: source.repo: contains credentials; remove them from the URL and put the token in a Kubernetes Secret named by source.credentialsSecret`,
    );
    expect(JSON.stringify(error.details)).not.toContain('ghp_s3cr3t');
  });

  it('refuses a bad cron expression', () => {
    const error = problemsOf(variant((document) => document.setIn(['schedule', 'cron'], '0 25 * * *')));
    expect(error.message).toBe(`${FILE}: schedule.cron: the hour field "25" must be within 0-23`);
    const sixFields = problemsOf(variant((document) => document.setIn(['schedule', 'cron'], '0 0 2 * * *')));
    expect(sixFields.message).toBe(
      `${FILE}: schedule.cron: a cron expression has 5 fields (minute hour day-of-month month day-of-week), and "0 0 2 * * *" has 6`,
    );
  });

  it('refuses an unknown time zone and suggests the nearest', () => {
    const error = problemsOf(variant((document) => document.setIn(['schedule', 'timezone'], 'Europe/Berln')));
    expect(error.message).toBe(`${FILE}: schedule.timezone: unknown time zone "Europe/Berln": did you mean Europe/Berlin?`);
  });

  it('stores cron and time zone in their normal spelling', () => {
    const project = parseProjectConfig(
      variant((document) => {
        document.setIn(['schedule', 'cron'], '0  2 * *   MON-FRI');
        document.setIn(['schedule', 'timezone'], 'europe/berlin');
      }),
      { fileName: FILE },
    );
    expect(project.schedule).toMatchObject({ cron: '0 2 * * mon-fri', timezone: 'Europe/Berlin' });
  });

  it('checks scheduled parameters against the project parameters', () => {
    const error = problemsOf(variant((document) => {
      document.setIn(['schedule', 'params'], { epoch: 100, imgsz: 2048 });
    }));
    expect(error.message).toBe(
      [
        `${FILE}: schedule.params.epoch: unknown parameter "epoch": did you mean "epochs"? Allowed: epochs, imgsz, batch, lr0, lrf, patience, optimizer, seed, cos_lr, close_mosaic, mosaic, flipud`,
        `${FILE}: schedule.params.imgsz: imgsz must be between 320 and 1280 (got 2048)`,
      ].join('\n'),
    );
  });

  it('refuses a name that does not match the file name', () => {
    const error = problemsOf(exampleText, 'config/projects/pcb.yaml');
    expect(error.message).toBe(
      `config/projects/pcb.yaml: name: "pcb-defect" does not match the file name; a project lives in <name>.yaml, so rename the file or set name: pcb`,
    );
    expect(parseProjectConfig(exampleText, { fileName: '/etc/trainops/projects/pcb-defect.yml' }).name).toBe('pcb-defect');
  });

  it('refuses a metric that the task does not report', () => {
    const error = problemsOf(variant((document) => {
      document.setIn(['promotion', 'gates', 'minimums', 'mAP50-95(M)'], 0.4);
      document.setIn(['promotion', 'gates', 'maxRegression', 'map50'], 0.01);
    }));
    expect(error.message).toBe(
      [
        `${FILE}: promotion.gates.minimums["mAP50-95(M)"]: "mAP50-95(M)" is not a detect metric; use one of precision, recall, mAP50, mAP50-95 (did you mean "mAP50-95"?)`,
        `${FILE}: promotion.gates.maxRegression.map50: "map50" is not a detect metric; use one of precision, recall, mAP50, mAP50-95 (did you mean "mAP50"?)`,
      ].join('\n'),
    );
  });

  it('accepts mask metrics for a segment project with a segment model', () => {
    const project = parseProjectConfig(
      variant((document) => {
        document.set('task', 'segment');
        document.set('baseModel', 'yolo11s-seg.pt');
        document.setIn(['promotion', 'gates', 'minimums'], { 'mAP50-95(M)': 0.4 });
      }),
      { fileName: FILE },
    );
    expect(project.promotion.gates.minimums).toEqual({ 'mAP50-95(M)': 0.4 });
  });

  it('refuses a model made for another task', () => {
    const error = problemsOf(variant((document) => document.set('baseModel', 'yolo26n-seg.pt')));
    expect(error.message).toBe(`${FILE}: baseModel: "yolo26n-seg.pt" is a segment model but task is detect; use a detect model such as yolo26n.pt`);
  });

  it('checks Slack IDs, tolerations and quantities, all in one pass', () => {
    const error = problemsOf(variant((document) => {
      document.setIn(['slack', 'channel'], '#pcb-defects');
      document.setIn(['slack', 'approvers'], []);
      document.setIn(['slack', 'requesters'], ['alice@example.com']);
      document.setIn(['resources', 'memory'], '32m');
      document.setIn(['resources', 'tolerations', 0, 'tolerationSeconds'], 60);
    }));
    expect(error.message).toBe(
      [
        `${FILE}: resources.memory: "32m" means thousandths (or smaller) of a byte; write Mi or Gi, e.g. "32Mi"`,
        `${FILE}: resources.tolerations[0].tolerationSeconds: only applies when effect is NoExecute`,
        `${FILE}: slack.channel: use the channel ID (C…), not its name "#pcb-defects"; Slack shows the ID at the bottom of the channel details`,
        `${FILE}: slack.requesters[0]: "alice@example.com" is not a Slack user ID (U… or W…) or user-group ID (S…); names and emails change, IDs do not`,
        `${FILE}: slack.approvers: must list at least one approver: someone has to decide on promotions`,
      ].join('\n'),
    );
    expect(error.issues).toHaveLength(5);
  });

  it('refuses a node selector label that Kubernetes would reject', () => {
    const error = problemsOf(variant((document) => document.setIn(['resources', 'nodeSelector'], { 'gpu type': 'a100' })));
    expect(error.message).toBe(`${FILE}: resources.nodeSelector["gpu type"]: "gpu type" is not a Kubernetes label key such as nvidia.com/gpu.product`);
  });

  it('refuses a dataset that names both a repository file and an S3 URI', () => {
    const error = problemsOf(variant((document) => document.setIn(['dataset', 'yaml'], 'data/pcb.yaml')));
    expect(error.message).toBe(`${FILE}: dataset: give either yaml (a data.yaml in the repository) or s3 (an s3:// URI), not both`);
    const badUri = problemsOf(variant((document) => document.setIn(['dataset', 's3'], 's3://Bad_Bucket/data.yaml')));
    expect(badUri.message).toBe(`${FILE}: dataset.s3: "Bad_Bucket" is not an S3 bucket name (3-63 lowercase letters, digits, "." and "-")`);
  });

  it('refuses exporting with half precision and int8 at once', () => {
    const error = problemsOf(variant((document) => {
      document.setIn(['exports', 'half'], true);
      document.setIn(['exports', 'int8'], true);
    }));
    expect(error.message).toBe(`${FILE}: exports.int8: choose half (FP16) or int8 quantisation, not both`);
  });
});
