import { describe, expect, it } from 'vitest';
import { buildGenerateName, toLabelValue } from './kubernetes-names.ts';

describe('toLabelValue', () => {
  it('keeps valid label values as they are', () => {
    expect(toLabelValue('U04HG7KQ2LM')).toBe('U04HG7KQ2LM');
    expect(toLabelValue('0b7e6a8e-1f7c-4a51-9a3e-2f1d6c0a9b11')).toBe('0b7e6a8e-1f7c-4a51-9a3e-2f1d6c0a9b11');
  });

  it('replaces other characters, cuts to 63 and trims to letters or digits at both ends', () => {
    expect(toLabelValue('api:nightly (ops)')).toBe('api-nightly--ops');
    expect(toLabelValue(`-${'x'.repeat(70)}`)).toBe('x'.repeat(62));
    expect(toLabelValue('日本')).toBe('');
  });
});

describe('buildGenerateName', () => {
  it('leaves room for the five random characters within 63', () => {
    expect(buildGenerateName('pcb-defect')).toBe('pcb-defect-');
    const long = buildGenerateName('p'.repeat(80));
    expect(long).toBe(`${'p'.repeat(57)}-`);
    expect(long.length + 5).toBe(63);
  });
});
