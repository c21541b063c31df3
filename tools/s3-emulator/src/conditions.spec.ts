import { describe, expect, it } from 'vitest';
import { evaluateConditions } from './conditions.ts';

const target = { etag: '"abc"', lastModified: '2026-03-01T12:00:00.500Z' };

describe('evaluateConditions', () => {
  it('proceeds without conditions or when they hold', () => {
    expect(evaluateConditions({}, target)).toEqual({ kind: 'proceed' });
    expect(evaluateConditions({ ifMatch: '"abc"', ifNoneMatch: '"other"' }, target)).toEqual({ kind: 'proceed' });
  });

  it('fails If-Match on another ETag and If-Unmodified-Since on a later change', () => {
    expect(evaluateConditions({ ifMatch: '"zzz"' }, target)).toEqual({ kind: 'precondition-failed', condition: 'If-Match' });
    expect(evaluateConditions({ ifUnmodifiedSince: 'Sun, 01 Mar 2026 11:00:00 GMT' }, target)).toEqual({
      kind: 'precondition-failed',
      condition: 'If-Unmodified-Since',
    });
  });

  it('answers not-modified for a matching If-None-Match or an unchanged If-Modified-Since (second resolution)', () => {
    expect(evaluateConditions({ ifNoneMatch: 'W/"abc", "x"' }, target)).toEqual({ kind: 'not-modified' });
    expect(evaluateConditions({ ifModifiedSince: 'Sun, 01 Mar 2026 12:00:00 GMT' }, target)).toEqual({ kind: 'not-modified' });
    expect(evaluateConditions({ ifModifiedSince: 'Sun, 01 Mar 2026 11:59:59 GMT' }, target)).toEqual({ kind: 'proceed' });
  });

  it('lets If-Match override If-Unmodified-Since and If-None-Match override If-Modified-Since', () => {
    expect(evaluateConditions({ ifMatch: '"abc"', ifUnmodifiedSince: 'Sun, 01 Mar 2026 11:00:00 GMT' }, target)).toEqual({ kind: 'proceed' });
    expect(evaluateConditions({ ifNoneMatch: '"x"', ifModifiedSince: 'Mon, 02 Mar 2026 12:00:00 GMT' }, target)).toEqual({ kind: 'proceed' });
  });
});
