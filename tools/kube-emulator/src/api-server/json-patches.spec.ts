import { describe, expect, it } from 'vitest';
import { applyJsonMergePatch } from './json-merge-patch.ts';
import { JsonPatchError, applyJsonPatch } from './json-patch.ts';

describe('JSON merge patch', () => {
  it('merges objects, deletes on null and replaces lists whole', () => {
    const target = { spec: { shutdown: 'Stop', templates: [{ name: 'a' }, { name: 'b' }], keep: 1 }, status: { phase: 'Running' } };
    const patched = applyJsonMergePatch(target, { spec: { shutdown: null, templates: [{ name: 'c' }] }, status: { phase: 'Failed' } });
    expect(patched).toEqual({ spec: { templates: [{ name: 'c' }], keep: 1 }, status: { phase: 'Failed' } });
    expect(target.spec.shutdown).toBe('Stop');
  });
});

describe('JSON patch', () => {
  const document = { metadata: { labels: { a: '1' } }, spec: { items: ['x', 'y'] } };

  it('applies add, replace, remove, move, copy and test in order', () => {
    const patched = applyJsonPatch(document, [
      { op: 'test', path: '/spec/items/0', value: 'x' },
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'replace', path: '/metadata/labels/a', value: '3' },
      { op: 'add', path: '/spec/items/-', value: 'z' },
      { op: 'remove', path: '/spec/items/0' },
      { op: 'copy', from: '/spec/items/0', path: '/spec/first' },
      { op: 'move', from: '/spec/first', path: '/spec/moved' },
    ]);
    expect(patched).toEqual({ metadata: { labels: { a: '3', 'b/c': '2' } }, spec: { items: ['y', 'z'], moved: 'y' } });
    expect(document.spec.items).toEqual(['x', 'y']);
  });

  it('fails as a whole when a test does not hold, leaving the document untouched', () => {
    expect(() =>
      applyJsonPatch(document, [
        { op: 'replace', path: '/metadata/labels/a', value: 'changed' },
        { op: 'test', path: '/spec/items/0', value: 'nope' },
      ]),
    ).toThrow('testing value /spec/items/0 failed');
    expect(document.metadata.labels.a).toBe('1');
  });

  it('tells a malformed patch from one that cannot apply', () => {
    const malformed = (() => {
      try {
        applyJsonPatch(document, { op: 'add' });
      } catch (error) {
        return error;
      }
    })();
    expect(malformed).toBeInstanceOf(JsonPatchError);
    expect(malformed).toMatchObject({ malformed: true, message: 'a JSON patch must be an array of operations' });
    const unappliable = (() => {
      try {
        applyJsonPatch(document, [{ op: 'replace', path: '/spec/absent', value: 1 }]);
      } catch (error) {
        return error;
      }
    })();
    expect(unappliable).toMatchObject({ malformed: false });
    expect(() => applyJsonPatch(document, [{ op: 'remove', path: '/spec/nothing' }])).toThrow('path "/spec/nothing" does not exist');
    expect(() => applyJsonPatch(document, [{ op: 'frobnicate', path: '/' }])).toThrow('"op" must be one of add, remove, replace, move, copy, test');
  });
});
