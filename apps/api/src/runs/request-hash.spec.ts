import { describe, expect, it } from 'vitest';
import { canonicalJson, hashRequest } from './request-hash.ts';

describe('hashRequest', () => {
  it('ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: true }, e: undefined })).toBe('{"a":{"c":true,"d":[1,"x"]},"b":1}');
    expect(hashRequest({ project: 'p', params: { a: 1, b: 2 } })).toBe(hashRequest({ params: { b: 2, a: 1 }, project: 'p' }));
  });

  it('tells different values apart, including a number from its string', () => {
    expect(hashRequest({ params: { epochs: 50 } })).not.toBe(hashRequest({ params: { epochs: '50' } }));
    expect(hashRequest({ params: { epochs: 50 } })).toMatch(/^[0-9a-f]{64}$/);
  });
});
