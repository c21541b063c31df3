import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStandInConfig, StandInConfigError } from './config.ts';

describe('readStandInConfig', () => {
  it('has quick defaults and no knobs set', () => {
    const config = readStandInConfig({ PATH: '/usr/bin' }, '/work/run');
    expect(config).toMatchObject({
      secondsPerEpoch: 0.05,
      failAtEpoch: undefined,
      cudaOomAtEpoch: undefined,
      nanAtEpoch: undefined,
      resultsCsv: 'written',
      useRealYolo: false,
      argoProgressFile: undefined,
      runsDir: '/work/run/runs',
      datasetsDir: '/work/run/datasets',
      searchPath: '/usr/bin',
    });
  });

  it('reads every knob', () => {
    const config = readStandInConfig(
      {
        YOLO_STANDIN_SECONDS_PER_EPOCH: '0',
        YOLO_STANDIN_FAIL_AT_EPOCH: '3',
        YOLO_STANDIN_CUDA_OOM_AT_EPOCH: '2',
        YOLO_STANDIN_NAN_AT_EPOCH: '4',
        YOLO_STANDIN_NAN_EPOCHS: '1',
        YOLO_STANDIN_RESULTS_CSV: 'malformed',
        YOLO_STANDIN_REAL: '1',
        ARGO_PROGRESS_FILE: '/tmp/progress',
        CUDA_VISIBLE_DEVICES: '0',
      },
      '/w',
    );
    expect(config).toMatchObject({ secondsPerEpoch: 0, failAtEpoch: 3, cudaOomAtEpoch: 2, nanAtEpoch: 4, nanEpochs: 1, resultsCsv: 'malformed', useRealYolo: true, argoProgressFile: '/tmp/progress', cudaVisibleDevices: '0' });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => readStandInConfig({ YOLO_STANDIN_FAIL_AT_EPOCH: 'two' }, '/w')).toThrow(
      new StandInConfigError("YOLO_STANDIN_FAIL_AT_EPOCH must be a whole number of 1 or more (an epoch, counted from 1), got 'two'"),
    );
    expect(() => readStandInConfig({ YOLO_STANDIN_NAN_AT_EPOCH: '0' }, '/w')).toThrow('YOLO_STANDIN_NAN_AT_EPOCH must be a whole number');
    expect(() => readStandInConfig({ YOLO_STANDIN_SECONDS_PER_EPOCH: '-1' }, '/w')).toThrow("YOLO_STANDIN_SECONDS_PER_EPOCH must be a number of seconds, 0 or more, got '-1'");
    expect(() => readStandInConfig({ YOLO_STANDIN_REAL: 'maybe' }, '/w')).toThrow("YOLO_STANDIN_REAL must be 1 or 0, got 'maybe'");
    expect(() => readStandInConfig({ YOLO_STANDIN_RESULTS_CSV: 'gone' }, '/w')).toThrow("YOLO_STANDIN_RESULTS_CSV must be missing or malformed (or written, the default), got 'gone'");
  });
});

describe('readStandInConfig with YOLO_STANDIN_KNOBS_FILE', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'yolo-knobs-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const knobsFile = (name: string, text: string) => {
    writeFileSync(path.join(folder, name), text);
    return path.join(folder, name);
  };

  it('lays the file’s knobs over the environment, strings or numbers, "" unsetting one', () => {
    const file = knobsFile('knobs.json', JSON.stringify({ YOLO_STANDIN_FAIL_AT_EPOCH: '2', YOLO_STANDIN_SECONDS_PER_EPOCH: 0, YOLO_STANDIN_NAN_AT_EPOCH: '' }));
    const config = readStandInConfig(
      { YOLO_STANDIN_KNOBS_FILE: file, YOLO_STANDIN_FAIL_AT_EPOCH: '5', YOLO_STANDIN_NAN_AT_EPOCH: '3', YOLO_STANDIN_CUDA_OOM_AT_EPOCH: '4' },
      '/w',
    );
    expect(config).toMatchObject({ failAtEpoch: 2, secondsPerEpoch: 0, nanAtEpoch: undefined, cudaOomAtEpoch: 4 });
  });

  it('reads a relative path from the working folder', () => {
    knobsFile('relative.json', '{"YOLO_STANDIN_RESULTS_CSV": "missing"}');
    expect(readStandInConfig({ YOLO_STANDIN_KNOBS_FILE: 'relative.json' }, folder).resultsCsv).toBe('missing');
  });

  it('means no overrides while the file does not exist', () => {
    const config = readStandInConfig({ YOLO_STANDIN_KNOBS_FILE: path.join(folder, 'absent.json'), YOLO_STANDIN_FAIL_AT_EPOCH: '5' }, '/w');
    expect(config.failAtEpoch).toBe(5);
  });

  it('refuses a file that is not a JSON object of knobs, saying which file and why', () => {
    const refusal = (text: string) => () => readStandInConfig({ YOLO_STANDIN_KNOBS_FILE: knobsFile('bad.json', text) }, '/w');
    const file = path.join(folder, 'bad.json');
    expect(refusal('{"YOLO_STANDIN_FAIL_AT_EPOCH": 2,')).toThrow(StandInConfigError);
    expect(refusal('{"YOLO_STANDIN_FAIL_AT_EPOCH": 2,')).toThrow(`YOLO_STANDIN_KNOBS_FILE ${file} is not valid JSON (`);
    expect(refusal('["YOLO_STANDIN_FAIL_AT_EPOCH"]')).toThrow(`YOLO_STANDIN_KNOBS_FILE ${file} must hold a JSON object of knob names to values, such as {"YOLO_STANDIN_FAIL_AT_EPOCH": "2"}`);
    expect(refusal('{"YOLO_STANDIN_FAIL_AT": "2"}')).toThrow(`YOLO_STANDIN_KNOBS_FILE ${file} names 'YOLO_STANDIN_FAIL_AT', which is not a knob; the knobs are YOLO_STANDIN_SECONDS_PER_EPOCH, `);
    expect(refusal('{"YOLO_STANDIN_KNOBS_FILE": "other.json"}')).toThrow('which is not a knob');
    expect(refusal('{"YOLO_STANDIN_FAIL_AT_EPOCH": true}')).toThrow(`YOLO_STANDIN_KNOBS_FILE ${file} gives YOLO_STANDIN_FAIL_AT_EPOCH true; a value is a string or a number ("" unsets the knob)`);
    // The file's values are checked like the environment's.
    expect(refusal('{"YOLO_STANDIN_FAIL_AT_EPOCH": "soon"}')).toThrow("YOLO_STANDIN_FAIL_AT_EPOCH must be a whole number of 1 or more (an epoch, counted from 1), got 'soon'");
  });

  it('refuses a knobs file it cannot read', () => {
    const directory = path.join(folder, 'a-folder.json');
    mkdirSync(directory);
    expect(() => readStandInConfig({ YOLO_STANDIN_KNOBS_FILE: directory }, '/w')).toThrow(`YOLO_STANDIN_KNOBS_FILE ${directory} could not be read: EISDIR`);
  });
});
