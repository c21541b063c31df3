import { cfgBoolKeys, cfgFloatKeys, cfgFractionKeys, cfgIntKeys } from './default-config.ts';
import { isPyInt, isPyIntOrFloat, pyNumber, pyStr, pyTypeName } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';

// Ultralytics' `get_cfg` + `check_cfg`: the merged configuration is checked key by key, in
// configuration order, and the first wrong type or out-of-range fraction stops the run.

const frames = (code: string) => [
  ultralyticsFrame('cfg/__init__.py', 1030, 'entrypoint', 'getattr(model, mode)(**overrides)  # default args from model'),
  ultralyticsFrame('engine/model.py', 793, 'train', 'self.trainer = (trainer or self._smart_load("trainer"))(overrides=args, _callbacks=self.callbacks)'),
  ultralyticsFrame('engine/trainer.py', 119, '__init__', 'self.args = get_cfg(cfg, overrides)'),
  ultralyticsFrame('cfg/__init__.py', 319, 'get_cfg', 'check_cfg(cfg)'),
  ultralyticsFrame('cfg/__init__.py', 367, 'check_cfg', code),
];

/** Throws the TypeError or ValueError Ultralytics raises for the first bad value. */
export function checkCfg(cfg: ReadonlyMap<string, PyValue>): void {
  for (const [key, value] of cfg) {
    if (value === null) continue;
    const shown = `'${key}=${pyStr(value)}'`;
    if (cfgFloatKeys.has(key)) {
      if (!isPyIntOrFloat(value)) {
        throw new YoloError('TypeError', `${shown} is of invalid type ${pyTypeName(value)}. Valid '${key}' types are int (i.e. '${key}=0') or float (i.e. '${key}=0.5')`, {
          frames: frames('raise TypeError('),
        });
      }
    } else if (cfgFractionKeys.has(key)) {
      if (!isPyIntOrFloat(value)) {
        throw new YoloError('TypeError', `${shown} is of invalid type ${pyTypeName(value)}. Valid '${key}' types are int (i.e. '${key}=0') or float (i.e. '${key}=0.5')`, {
          frames: frames('raise TypeError('),
        });
      }
      const number = pyNumber(value) as number;
      if (!(number >= 0 && number <= 1)) {
        throw new YoloError('ValueError', `${shown} is an invalid value. Valid '${key}' values are between 0.0 and 1.0.`, {
          frames: frames('raise ValueError('),
        });
      }
    } else if (cfgIntKeys.has(key)) {
      if (!isPyInt(value)) {
        throw new YoloError('TypeError', `${shown} is of invalid type ${pyTypeName(value)}. '${key}' must be an int (i.e. '${key}=8')`, {
          frames: frames('raise TypeError('),
        });
      }
    } else if (cfgBoolKeys.has(key)) {
      if (typeof value !== 'boolean') {
        throw new YoloError('TypeError', `${shown} is of invalid type ${pyTypeName(value)}. '${key}' must be a bool (i.e. '${key}=True' or '${key}=False')`, {
          frames: frames('raise TypeError('),
        });
      }
    }
  }
}

/**
 * Ultralytics' `get_cfg(DEFAULT_CFG, overrides)`: overrides replace defaults in place (keeping the
 * default order), new keys such as `save_dir` go last; numeric project/name become text and
 * `name=model` becomes the model's stem. Then `check_cfg`.
 */
export function buildCfg(defaults: ReadonlyMap<string, PyValue>, overrides: ReadonlyMap<string, PyValue>): {
  cfg: Map<string, PyValue>;
  warnings: string[];
} {
  const cfg = new Map(defaults);
  for (const [key, value] of overrides) cfg.set(key, value);
  const warnings: string[] = [];
  for (const key of ['project', 'name']) {
    const value = cfg.get(key);
    if (value !== undefined && value !== null && pyNumber(value) !== undefined && typeof value !== 'boolean') cfg.set(key, pyStr(value));
  }
  if (cfg.get('name') === 'model') {
    const stem = pyStr(cfg.get('model') ?? '').split('.')[0] ?? '';
    cfg.set('name', stem);
    warnings.push(`'name=model' automatically updated to 'name=${stem}'.`);
  }
  checkCfg(cfg);
  return { cfg, warnings };
}
