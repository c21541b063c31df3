import { describe, expect, it } from 'vitest';
import { readStandInConfig, StandInConfigError } from './config.ts';

describe('readStandInConfig', () => {
  it('has quick defaults and no knobs set', () => {
    const config = readStandInConfig({ PATH: '/usr/bin' }, '/work/run');
    expect(config).toMatchObject({
      secondsPerEpoch: 0.05,
      failAtEpoch: undefined,
      cudaOomAtEpoch: undefined,
      nanAtEpoch: undefined,
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
        YOLO_STANDIN_REAL: '1',
        ARGO_PROGRESS_FILE: '/tmp/progress',
        CUDA_VISIBLE_DEVICES: '0',
      },
      '/w',
    );
    expect(config).toMatchObject({ secondsPerEpoch: 0, failAtEpoch: 3, cudaOomAtEpoch: 2, nanAtEpoch: 4, nanEpochs: 1, useRealYolo: true, argoProgressFile: '/tmp/progress', cudaVisibleDevices: '0' });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => readStandInConfig({ YOLO_STANDIN_FAIL_AT_EPOCH: 'two' }, '/w')).toThrow(
      new StandInConfigError("YOLO_STANDIN_FAIL_AT_EPOCH must be a whole number of 1 or more (an epoch, counted from 1), got 'two'"),
    );
    expect(() => readStandInConfig({ YOLO_STANDIN_NAN_AT_EPOCH: '0' }, '/w')).toThrow('YOLO_STANDIN_NAN_AT_EPOCH must be a whole number');
    expect(() => readStandInConfig({ YOLO_STANDIN_SECONDS_PER_EPOCH: '-1' }, '/w')).toThrow("YOLO_STANDIN_SECONDS_PER_EPOCH must be a number of seconds, 0 or more, got '-1'");
    expect(() => readStandInConfig({ YOLO_STANDIN_REAL: 'maybe' }, '/w')).toThrow("YOLO_STANDIN_REAL must be 1 or 0, got 'maybe'");
  });
});
