import { describe, expect, it } from 'vitest';
import { formatCliUsage, readCliSettings } from './cli-settings.ts';

const settings = {
  colour: { flag: '--colour', env: 'DEMO_COLOUR', description: 'what colour' },
  size: { flag: '--size', env: 'DEMO_SIZE', description: 'how big' },
};

class DemoError extends Error {}

const readerFor = (argv: string[], env: Record<string, string> = {}) =>
  readCliSettings({ settings, argv, env, usage: () => 'USAGE', toError: (message) => new DemoError(message) });

describe('the shared CLI settings reader', () => {
  it('prefers the flag (either form, the last one given) over the variable, and treats an empty variable as unset', () => {
    const read = readerFor(['--colour', 'red', '--colour=blue'], { DEMO_COLOUR: 'green', DEMO_SIZE: '' });
    expect(read('colour')).toEqual({ value: 'blue', where: '--colour' });
    expect(read('size')).toBeUndefined();
    expect(readerFor([], { DEMO_SIZE: '3' })('size')).toEqual({ value: '3', where: 'DEMO_SIZE' });
    expect(readerFor(['--size='])('size')).toEqual({ value: '', where: '--size' });
  });

  it("throws the command's own error for unknown arguments (with the usage) and for flags without a value", () => {
    expect(() => readerFor(['--weight', '3'])).toThrow(new DemoError('unknown argument "--weight"\nUSAGE'));
    expect(() => readerFor(['colour=red'])).toThrow(new DemoError('unknown argument "colour=red"\nUSAGE'));
    expect(() => readerFor(['--size'])).toThrow(DemoError);
    expect(() => readerFor(['--size'])).toThrow('--size needs a value');
  });

  it('lays the usage out as a table with the given column widths', () => {
    expect(formatCliUsage('demo', settings, { flag: 18, env: 12 })).toBe(
      [
        'Usage: demo [flags]',
        '  flag               environment variable',
        '  --colour <value>   DEMO_COLOUR  what colour',
        '  --size <value>     DEMO_SIZE    how big',
      ].join('\n'),
    );
  });
});
