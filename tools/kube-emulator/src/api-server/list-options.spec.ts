import { describe, expect, it } from 'vitest';
import { findResource } from './resource-definitions.ts';
import { decodeContinueToken, encodeContinueToken, parseListOptions } from './list-options.ts';

const workflows = findResource('argoproj.io', 'v1alpha1', 'workflows');
if (workflows === undefined) throw new Error('no workflows');

describe('list options', () => {
  it('round-trip continue tokens in the real server\'s encoding', () => {
    const token = encodeContinueToken({ resourceVersion: 42, startAfter: 'argo/wf-2' });
    expect(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).toEqual({ v: 'meta.k8s.io/v1', rv: 42, start: 'argo/wf-2\u0000' });
    expect(decodeContinueToken(token)).toEqual({ resourceVersion: 42, startAfter: 'argo/wf-2' });
    expect(() => decodeContinueToken('not-a-token')).toThrow('continue key is not valid');
  });

  it('read watch, bookmarks, limits and selectors from the query', () => {
    const options = parseListOptions(
      new URLSearchParams('watch=1&allowWatchBookmarks=true&resourceVersion=12&timeoutSeconds=30&labelSelector=a%3Db&fieldSelector=metadata.name%3Dx'),
      workflows,
      false,
    );
    expect(options).toMatchObject({ watch: true, allowWatchBookmarks: true, resourceVersion: '12', timeoutSeconds: 30, limit: undefined });
    expect(options.fieldSelector.requirements).toEqual([{ field: 'metadata.name', operator: 'equals', value: 'x' }]);
  });

  it('refuse what the real server refuses, naming the parameter', () => {
    const parse = (query: string) => () => parseListOptions(new URLSearchParams(query), workflows, false);
    expect(parse('fieldSelector=spec.entrypoint%3Dmain')).toThrow('field label not supported: spec.entrypoint');
    expect(parse('limit=-1')).toThrow('limit: Invalid value: "-1"');
    expect(parse('resourceVersion=abc')).toThrow('resourceVersion: Invalid value: "abc"');
    expect(parse('watch=maybe')).toThrow('watch: Invalid value: "maybe": must be true or false');
    expect(parse(`continue=${encodeContinueToken({ resourceVersion: 3, startAfter: 'a' })}&resourceVersion=3`)).toThrow(
      'specifying resource version is not allowed when using continue',
    );
  });
});
