import { describe, expect, it } from 'vitest';
import { generateObjectName, validateDns1123Label, validateDns1123Subdomain, validateLabelKey, validateLabelValue } from './object-names.ts';

describe('object names', () => {
  it('accept DNS-1123 labels and subdomains and refuse the rest with the real wording', () => {
    expect(validateDns1123Label('train-pcb-defect-x7k2p')).toEqual([]);
    expect(validateDns1123Label('Bad_Name')[0]).toMatch(/^a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'/);
    expect(validateDns1123Label('a'.repeat(64))).toContain('must be no more than 63 characters');
    expect(validateDns1123Subdomain('my.secret-1')).toEqual([]);
    expect(validateDns1123Subdomain('-x')[0]).toContain("regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'");
  });

  it('check label keys with optional prefixes and label values', () => {
    expect(validateLabelKey('workflows.argoproj.io/completed')).toBeUndefined();
    expect(validateLabelKey('/x')).toBe('prefix part must be non-empty');
    expect(validateLabelKey('a/b/c')).toMatch(/qualified name/);
    expect(validateLabelValue('')).toBeUndefined();
    expect(validateLabelValue('has space')).toMatch(/^a valid label must be an empty string/);
    expect(validateLabelValue('x'.repeat(64))).toBe('must be no more than 63 characters');
  });

  it('generate names from generateName with five characters of the real alphabet, within the label limit', () => {
    const name = generateObjectName('arguments-parameters-');
    expect(name).toMatch(/^arguments-parameters-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const long = generateObjectName(`${'a'.repeat(70)}-`);
    expect(long).toHaveLength(63);
    expect(validateDns1123Label(long)).toEqual([]);
  });
});
