import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';
import { isValidParameterPattern, validateRunParameters } from './parameter-validation.ts';
import type { ParameterProblemsDetails } from './parameter-validation.ts';
import type { ParameterSpec, ParameterSpecs, ParameterValue } from './parameters.ts';

const specs: ParameterSpecs = {
  epochs: { type: 'int', min: 1, max: 300, default: 100 },
  imgsz: { type: 'int', min: 32, max: 1280, multipleOf: 32, default: 640 },
  batch: { type: 'int', min: 1, max: 256 },
  lr0: { type: 'float', min: 0, max: 1, default: 0.01 },
  amp: { type: 'bool', default: true },
  optimizer: { type: 'enum', values: ['SGD', 'Adam', 'AdamW', 'auto'], default: 'auto' },
  model: { type: 'string', maxLength: 40, pattern: '[a-z0-9]+\\.pt', default: 'yolo11n.pt' },
  note: { type: 'string', maxLength: 20 },
};

const defaults = { epochs: 100, imgsz: 640, lr0: 0.01, amp: true, optimizer: 'auto', model: 'yolo11n.pt' };

/** Runs validateRunParameters expecting an InputError; returns its message and problems. */
function refusal(given: Record<string, ParameterValue>, against: ParameterSpecs = specs) {
  const before = structuredClone(given);
  try {
    validateRunParameters(against, given);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    // Refusing must leave the caller's object as it was.
    expect(given).toEqual(before);
    const inputError = error as InputError;
    return { message: inputError.message, problems: (inputError.details as ParameterProblemsDetails).problems };
  }
  throw new Error(`expected ${JSON.stringify(given)} to be refused`);
}

describe('validateRunParameters', () => {
  it('coerces chat text by the spec’s type and fills in every default', () => {
    expect(validateRunParameters(specs, { epochs: '50', lr0: '1e-3', amp: 'No', optimizer: 'adamw', batch: '16' })).toEqual({
      ...defaults,
      epochs: 50,
      batch: 16,
      lr0: 0.001,
      amp: false,
      optimizer: 'AdamW',
    });
  });

  it('accepts typed values from the api as they are', () => {
    expect(validateRunParameters(specs, { epochs: 10, lr0: 0.5, amp: false, note: 'night' })).toEqual({
      ...defaults,
      epochs: 10,
      lr0: 0.5,
      amp: false,
      note: 'night',
    });
  });

  it('lists the result in the order of the specs, leaving out parameters with neither value nor default', () => {
    expect(Object.keys(validateRunParameters(specs, { note: 'x', epochs: '5' }))).toEqual([
      'epochs',
      'imgsz',
      'lr0',
      'amp',
      'optimizer',
      'model',
      'note',
    ]);
  });

  it('accepts yes/no/1/0 in any case for booleans', () => {
    for (const [text, value] of [['TRUE', true], ['yes', true], ['1', true], ['False', false], ['NO', false], ['0', false]] as const) {
      expect(validateRunParameters({ amp: { type: 'bool' } }, { amp: text })).toEqual({ amp: value });
    }
  });

  it('refuses a value out of range with the range and the value', () => {
    expect(refusal({ epochs: '500' }).message).toBe('epochs must be between 1 and 300 (got 500)');
    expect(refusal({ x: '0' }, { x: { type: 'int', min: 1 } }).message).toBe('x must be at least 1 (got 0)');
    expect(refusal({ x: 2.5 }, { x: { type: 'float', max: 1 } }).message).toBe('x must be at most 1 (got 2.5)');
  });

  it('refuses a size that is not a multiple of its step', () => {
    expect(refusal({ imgsz: '650' }).message).toBe('imgsz must be a multiple of 32 (got 650)');
  });

  it('refuses anything but plain digits for whole numbers', () => {
    expect(refusal({ batch: 'big' }).message).toBe('batch must be a whole number (got "big")');
    expect(refusal({ batch: '5.5' }).message).toBe('batch must be a whole number (got "5.5")');
    expect(refusal({ batch: '1e3' }).message).toBe('batch must be a whole number (got "1e3")');
    expect(refusal({ batch: 5.5 }).message).toBe('batch must be a whole number (got 5.5)');
    expect(refusal({ batch: true }).message).toBe('batch must be a whole number (got true)');
    expect(refusal({ batch: '99999999999999999999' }).message).toBe('batch is out of range (got "99999999999999999999")');
  });

  it('refuses text that is not a number for floats', () => {
    expect(refusal({ lr0: 'fast' }).message).toBe('lr0 must be a number (got "fast")');
    expect(refusal({ lr0: Number.NaN }).message).toBe('lr0 must be a number (got NaN)');
    expect(refusal({ lr0: '1e999' }).message).toBe('lr0 is out of range (got "1e999")');
  });

  it('refuses a boolean it cannot read', () => {
    expect(refusal({ amp: 'maybe' }).message).toBe('amp must be true or false (got "maybe")');
  });

  it('refuses an enum value with the allowed values and a guess', () => {
    expect(refusal({ optimizer: 'adm' }).message).toBe('optimizer must be one of SGD, Adam, AdamW, auto (got "adm"): did you mean "Adam"?');
    expect(refusal({ optimizer: 'rmsprop' }).message).toBe('optimizer must be one of SGD, Adam, AdamW, auto (got "rmsprop")');
  });

  it('refuses strings that are too long, do not match the whole pattern, or carry control characters', () => {
    expect(refusal({ note: 'x'.repeat(21) }).message).toBe('note must be at most 20 characters long (got 21)');
    expect(refusal({ model: 'yolo11n.pt; rm -rf /' }).message).toBe(
      'model must match the pattern [a-z0-9]+\\.pt (got "yolo11n.pt; rm -rf /")',
    );
    expect(refusal({ note: 'a\u0000b' }).message).toBe('note must not contain control characters (found U+0000)');
    expect(refusal({ note: 'a\ud800' }).message).toBe('note contains a broken character (an unpaired surrogate)');
    expect(refusal({ note: 5 }).message).toBe('note must be text (got 5)');
  });

  it('counts characters, not UTF-16 units, against maxLength', () => {
    expect(validateRunParameters({ note: { type: 'string', maxLength: 3 } }, { note: '🐟🐟🐟' })).toEqual({ note: '🐟🐟🐟' });
  });

  it('refuses an unknown key with a guess and the allowed keys', () => {
    expect(refusal({ epoch: '5' }).message).toBe(
      'unknown parameter "epoch": did you mean "epochs"? Allowed: epochs, imgsz, batch, lr0, amp, optimizer, model, note',
    );
    expect(refusal({ weights: 'x' }).message).toBe(
      'unknown parameter "weights". Allowed: epochs, imgsz, batch, lr0, amp, optimizer, model, note',
    );
    expect(refusal({ epochs: '5' }, {}).message).toBe('unknown parameter "epochs": this project takes no parameters');
  });

  it('does not mistake keys of Object.prototype for parameters', () => {
    expect(refusal({ constructor: '1' }).problems).toEqual([
      { parameter: 'constructor', problem: expect.stringMatching(/^unknown parameter "constructor"/) },
    ]);
    const given = JSON.parse('{"__proto__": "1"}') as Record<string, ParameterValue>;
    expect(refusal(given).problems[0]?.parameter).toBe('__proto__');
  });

  it('collects every problem into one error, one line each, in the order given', () => {
    const { message, problems } = refusal({ epochs: '500', imgsz: '650', batch: 'big', epoch: '5' });
    expect(message.split('\n')).toEqual([
      'epochs must be between 1 and 300 (got 500)',
      'imgsz must be a multiple of 32 (got 650)',
      'batch must be a whole number (got "big")',
      'unknown parameter "epoch": did you mean "epochs"? Allowed: epochs, imgsz, batch, lr0, amp, optimizer, model, note',
    ]);
    expect(problems.map((problem) => problem.parameter)).toEqual(['epochs', 'imgsz', 'batch', 'epoch']);
    expect(problems.map((problem) => problem.problem)).toEqual(message.split('\n'));
  });

  it('reports both the range and the step when a value breaks both', () => {
    expect(refusal({ imgsz: 1300 }).message).toBe('imgsz must be between 32 and 1280 (got 1300)\nimgsz must be a multiple of 32 (got 1300)');
  });

  it('refuses, rather than crashes on, a spec whose pattern does not compile', () => {
    expect(isValidParameterPattern('[a-z')).toBe(false);
    expect(isValidParameterPattern('[a-z]+')).toBe(true);
    expect(refusal({ name: 'abc' }, { name: { type: 'string', maxLength: 10, pattern: '[a-z' } }).message).toBe(
      "name cannot be checked: the project's pattern for it is not a valid regular expression",
    );
  });
});

// Random specs and values: the function must answer with a result or an InputError, and for
// numbers accept exactly the values inside the spec's bounds.
const bound = fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined });
const intSpec = fc.record({ type: fc.constant('int' as const), min: bound, max: bound, multipleOf: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }) });
const floatSpec = fc.record({
  type: fc.constant('float' as const),
  min: fc.option(fc.double({ min: -1000, max: 1000, noNaN: true }), { nil: undefined }),
  max: fc.option(fc.double({ min: -1000, max: 1000, noNaN: true }), { nil: undefined }),
});
const anyValue: fc.Arbitrary<ParameterValue> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('true', 'no', ' 7 ', '+3', '-0', '1e3', '.5', '0x10', 'Infinity', ''),
  fc.double(),
  fc.integer(),
  fc.boolean(),
);
const anySpec: fc.Arbitrary<ParameterSpec> = fc.oneof(
  intSpec,
  floatSpec,
  fc.constant({ type: 'bool' as const }),
  fc.record({ type: fc.constant('enum' as const), values: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }) }),
  fc.record({
    type: fc.constant('string' as const),
    maxLength: fc.integer({ min: 1, max: 20 }),
    pattern: fc.option(fc.constantFrom('[a-z]+', '.*', '[', '(a|b)*c?', '\\d{1,3}'), { nil: undefined }),
  }),
);

function inBounds(value: number, spec: { min?: number | undefined; max?: number | undefined }): boolean {
  return (spec.min === undefined || value >= spec.min) && (spec.max === undefined || value <= spec.max);
}

describe('validateRunParameters on random input', () => {
  it('never throws anything but InputError', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c'), anySpec), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), anyValue), (randomSpecs, given) => {
        try {
          validateRunParameters(randomSpecs, given);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('accepts exactly the whole numbers within min, max and multipleOf, as text or as numbers', () => {
    fc.assert(
      fc.property(intSpec, fc.integer({ min: -1200, max: 1200 }), fc.boolean(), (spec, value, asText) => {
        const expected = inBounds(value, spec) && (spec.multipleOf === undefined || value % spec.multipleOf === 0);
        const run = () => validateRunParameters({ n: spec }, { n: asText ? String(value) : value });
        if (expected) expect(run()).toEqual({ n: value });
        else expect(run).toThrow(InputError);
      }),
      { numRuns: 400 },
    );
  });

  it('accepts exactly the numbers within min and max, as text or as numbers', () => {
    fc.assert(
      fc.property(floatSpec, fc.double({ min: -1200, max: 1200, noNaN: true }), fc.boolean(), (spec, value, asText) => {
        const run = () => validateRunParameters({ x: spec }, { x: asText ? String(value) : value });
        if (inBounds(value, spec)) expect(run()).toEqual({ x: value === 0 ? 0 : value });
        else expect(run).toThrow(InputError);
      }),
      { numRuns: 400 },
    );
  });
});
