import { YoloError, ultralyticsFrame } from './yolo-error.ts';

// The optimizer choice and learning-rate schedule of Ultralytics' trainer, so the `lr/pg*`
// columns of results.csv carry the values a real run writes: `optimizer=auto` picks AdamW with a
// class-count fitted lr for short runs and MuSGD for long ones; warmup ramps every group from 0
// (the bias group from warmup_bias_lr) over max(warmup_epochs × batches, 100) iterations; then a
// linear (or cosine) decay to lr0 × lrf.

export const optimizerNames = ['SGD', 'MuSGD', 'Adam', 'Adamax', 'AdamW', 'NAdam', 'RAdam', 'RMSProp'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

export interface ResolveOptimizerOptions {
  /** The `optimizer` argument as given (any case, or `auto`). */
  requested: string;
  lr0: number;
  momentum: number;
  warmupBiasLr: number;
  /** Number of classes in the dataset. */
  nc: number;
  /** ceil(train images / max(batch, nbs)) × epochs, as the trainer computes it. */
  iterations: number;
}

export interface OptimizerChoice {
  name: OptimizerName;
  lr: number;
  momentum: number;
  /** `optimizer=auto` sets warmup_bias_lr to 0 ("no higher than 0.01 for Adam"). */
  warmupBiasLr: number;
  auto: boolean;
  /** Initial lr of each parameter group, in `optimizer.param_groups` order. */
  groupLearningRates: number[];
  /** Which groups hold biases (they warm up from warmupBiasLr instead of 0). */
  biasGroups: boolean[];
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(value: number, ndigits = 0): number {
  const factor = 10 ** ndigits;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = Math.abs(diff - 0.5) < 1e-9 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled);
  return rounded / factor;
}

/** The trainer's `build_optimizer` decision, without the model. */
export function resolveOptimizer(options: ResolveOptimizerOptions): OptimizerChoice {
  const byLower = new Map<string, OptimizerName | 'auto'>([...optimizerNames, 'auto' as const].map((name) => [name.toLowerCase(), name]));
  const resolved = byLower.get(options.requested.toLowerCase());
  if (resolved === undefined) {
    throw new YoloError(
      'NotImplementedError',
      `Optimizer '${options.requested}' not found in list of available optimizers {${[...optimizerNames, 'auto'].map((name) => `'${name}'`).join(', ')}}. ` +
        'Request support for additional optimizers at https://github.com/ultralytics/ultralytics.',
      { frames: [ultralyticsFrame('engine/trainer.py', 1002, 'build_optimizer', 'raise NotImplementedError(')] },
    );
  }
  let name: OptimizerName;
  let lr = options.lr0;
  let momentum = options.momentum;
  let warmupBiasLr = options.warmupBiasLr;
  const auto = resolved === 'auto';
  if (resolved === 'auto') {
    const lrFit = roundHalfEven((0.002 * 5) / (4 + options.nc), 6);
    [name, lr, momentum] = options.iterations > 10000 ? ['MuSGD', 0.01, 0.9] : ['AdamW', lrFit, 0.9];
    warmupBiasLr = 0;
  } else {
    name = resolved;
  }
  if (name === 'MuSGD') {
    // Weight, norm, bias and muon groups, each split into a head part at 3× lr and the rest.
    const groups = ['weight', 'bn', 'bias', 'muon'];
    return {
      name,
      lr,
      momentum,
      warmupBiasLr,
      auto,
      groupLearningRates: groups.flatMap(() => [lr * 3, lr]),
      biasGroups: groups.flatMap((group) => [group === 'bias', group === 'bias']),
    };
  }
  // Biases open the optimizer, then weights with decay, then norm weights.
  return { name, lr, momentum, warmupBiasLr, auto, groupLearningRates: [lr, lr, lr], biasGroups: [true, false, false] };
}

export interface LearningRateScheduleOptions {
  optimizer: OptimizerChoice;
  epochs: number;
  lrf: number;
  cosLr: boolean;
  warmupEpochs: number;
  /** Batches per epoch. */
  batchesPerEpoch: number;
}

/** The lr multiplier for an epoch (`trainer.lf`). */
export function lrFactor(epoch: number, options: Pick<LearningRateScheduleOptions, 'epochs' | 'lrf' | 'cosLr'>): number {
  if (options.cosLr) {
    return Math.max((1 - Math.cos((epoch * Math.PI) / options.epochs)) / 2, 0) * (options.lrf - 1) + 1;
  }
  return Math.max(1 - epoch / options.epochs, 0) * (1 - options.lrf) + options.lrf;
}

/** The warmup length in iterations (`nw`); -1 when warmup is off. */
export function warmupIterations(warmupEpochs: number, batchesPerEpoch: number): number {
  return warmupEpochs > 0 ? Math.max(roundHalfEven(warmupEpochs * batchesPerEpoch), 100) : -1;
}

/** The lr of every parameter group after the last batch of `epoch` (0-based): what results.csv records. */
export function buildEpochLearningRates(epoch: number, options: LearningRateScheduleOptions): number[] {
  const nb = options.batchesPerEpoch;
  const nw = warmupIterations(options.warmupEpochs, nb);
  const ni = nb * epoch + nb - 1;
  const factor = lrFactor(epoch, options);
  return options.optimizer.groupLearningRates.map((initial, index) => {
    const target = initial * factor;
    if (ni >= nw) return target;
    const start = options.optimizer.biasGroups[index] ? options.optimizer.warmupBiasLr : 0;
    return start + ((target - start) * ni) / nw;
  });
}
