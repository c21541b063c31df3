import { describe, expect, it } from 'vitest';
import { buildCfg, checkCfg } from './check-cfg.ts';
import { defaultConfig } from './default-config.ts';
import { smartValue } from './python-literal.ts';
import type { PyValue } from './python-value.ts';
import { catchYoloError } from './testing/catch-yolo-error.ts';

function refusal(key: string, text: string) {
  return catchYoloError(() => checkCfg(new Map<string, PyValue>([[key, smartValue(text)]])));
}

describe('checkCfg', () => {
  it('refuses text for an int key with Ultralytics’ wording', () => {
    const error = refusal('epochs', 'abc');
    expect(error.pythonType).toBe('TypeError');
    expect(error.message).toBe("'epochs=abc' is of invalid type str. 'epochs' must be an int (i.e. 'epochs=8')");
  });

  it('refuses a float for an int key', () => {
    expect(refusal('epochs', '5.0').message).toBe("'epochs=5.0' is of invalid type float. 'epochs' must be an int (i.e. 'epochs=8')");
  });

  it('refuses a fraction outside 0..1', () => {
    const error = refusal('fliplr', '1.5');
    expect(error.pythonType).toBe('ValueError');
    expect(error.message).toBe("'fliplr=1.5' is an invalid value. Valid 'fliplr' values are between 0.0 and 1.0.");
  });

  it('refuses text for a fraction or float key', () => {
    expect(refusal('lr0', 'fast').message).toBe("'lr0=fast' is of invalid type str. Valid 'lr0' types are int (i.e. 'lr0=0') or float (i.e. 'lr0=0.5')");
    expect(refusal('box', '[1]').message).toBe("'box=[1]' is of invalid type list. Valid 'box' types are int (i.e. 'box=0') or float (i.e. 'box=0.5')");
  });

  it('refuses a number for a bool key', () => {
    expect(refusal('cos_lr', '1').message).toBe("'cos_lr=1' is of invalid type int. 'cos_lr' must be a bool (i.e. 'cos_lr=True' or 'cos_lr=False')");
  });

  it('accepts what Python accepts: ints for float keys, bools for int keys, None anywhere', () => {
    expect(() => checkCfg(new Map<string, PyValue>([['box', 7], ['epochs', true], ['lr0', 1], ['patience', null]]))).not.toThrow();
  });

  it('keeps the default order and turns name=model into the model stem', () => {
    const { cfg, warnings } = buildCfg(defaultConfig, new Map<string, PyValue>([['model', 'yolo26s.pt'], ['name', 'model'], ['project', 5]]));
    expect([...cfg.keys()]).toEqual([...defaultConfig.keys()]);
    expect(cfg.get('name')).toBe('yolo26s');
    expect(cfg.get('project')).toBe('5');
    expect(warnings).toEqual(["'name=model' automatically updated to 'name=yolo26s'."]);
  });
});
