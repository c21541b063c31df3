import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListingEntry } from './listing.ts';
import { buildListingPage, decodeContinuationToken, encodeContinuationToken } from './listing.ts';
import { compareKeys } from './store/s3-store.ts';

const objects = (keys: string[]) => [...new Set(keys)].sort(compareKeys).map((key) => ({ key }));

const bucket = objects([
  'datasets/pcb/images/1.jpg',
  'datasets/pcb/images/2.jpg',
  'datasets/pcb/labels.zip',
  'runs/1/results.csv',
  'runs/1/weights/best.pt',
  'runs/2/results.csv',
  'README.md',
]);

/** Every entry of a listing, page by page, the way a client follows continuation tokens. */
function listAll(input: { keys: { key: string }[]; prefix: string; delimiter?: string; maxKeys: number }) {
  const entries: ListingEntry[] = [];
  let after: ListingEntry | undefined;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = buildListingPage({
      objects: input.keys,
      prefix: input.prefix,
      maxKeys: input.maxKeys,
      ...(input.delimiter !== undefined ? { delimiter: input.delimiter } : {}),
      ...(after ? { after: after.value, afterIsPrefix: after.isPrefix } : {}),
    });
    const pageEntries = [
      ...page.contents.map((object) => ({ value: object.key, isPrefix: false })),
      ...page.commonPrefixes.map((value) => ({ value, isPrefix: true })),
    ].sort((a, b) => compareKeys(a.value, b.value));
    entries.push(...pageEntries);
    if (!page.isTruncated) return entries;
    after = decodeContinuationToken(encodeContinuationToken(page.last as ListingEntry));
  }
  throw new Error('listing did not terminate');
}

describe('buildListingPage', () => {
  it('rolls keys under the delimiter into common prefixes, in key order', () => {
    const page = buildListingPage({ objects: bucket, prefix: '', delimiter: '/', maxKeys: 1000 });
    expect(page.contents.map((object) => object.key)).toEqual(['README.md']);
    expect(page.commonPrefixes).toEqual(['datasets/', 'runs/']);
    expect(page.isTruncated).toBe(false);
  });

  it('lists one level below a prefix', () => {
    const page = buildListingPage({ objects: bucket, prefix: 'runs/1/', delimiter: '/', maxKeys: 1000 });
    expect(page.contents.map((object) => object.key)).toEqual(['runs/1/results.csv']);
    expect(page.commonPrefixes).toEqual(['runs/1/weights/']);
  });

  it('counts a common prefix once towards max-keys and resumes after it', () => {
    const first = buildListingPage({ objects: bucket, prefix: 'datasets/pcb/', delimiter: '/', maxKeys: 1 });
    expect(first).toMatchObject({ commonPrefixes: ['datasets/pcb/images/'], contents: [], isTruncated: true });
    const second = buildListingPage({
      objects: bucket,
      prefix: 'datasets/pcb/',
      delimiter: '/',
      maxKeys: 1,
      after: first.last?.value,
      afterIsPrefix: true,
    });
    expect(second.contents.map((object) => object.key)).toEqual(['datasets/pcb/labels.zip']);
    expect(second.isTruncated).toBe(false);
  });

  it('sorts by UTF-8 bytes, so a character beyond U+FFFF comes after U+FFFD', () => {
    const keys = objects(['\u{1F600}', '\uFFFD', 'z']);
    expect(keys.map((object) => object.key)).toEqual(['z', '\uFFFD', '\u{1F600}']);
  });

  it('returns an empty, untruncated page for max-keys 0', () => {
    expect(buildListingPage({ objects: bucket, prefix: '', maxKeys: 0 })).toEqual({ contents: [], commonPrefixes: [], isTruncated: false });
  });

  it('paginates to exactly the entries of an unpaginated listing, for any keys, prefix, delimiter and page size', () => {
    const key = fc.stringMatching(/^[ab/]{0,6}$/).filter((value) => value !== '');
    fc.assert(
      fc.property(
        fc.array(key, { maxLength: 30 }),
        fc.constantFrom('', 'a', 'a/', 'b'),
        fc.constantFrom(undefined, '/', 'b'),
        fc.integer({ min: 1, max: 5 }),
        (keys, prefix, delimiter, maxKeys) => {
          const sorted = objects(keys);
          const whole = listAll({ keys: sorted, prefix, maxKeys: 1_000_000, ...(delimiter ? { delimiter } : {}) });
          const paged = listAll({ keys: sorted, prefix, maxKeys, ...(delimiter ? { delimiter } : {}) });
          expect(paged).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('continuation tokens', () => {
  it('round-trip and reject what they did not produce', () => {
    expect(decodeContinuationToken(encodeContinuationToken({ value: 'runs/', isPrefix: true }))).toEqual({ value: 'runs/', isPrefix: true });
    expect(decodeContinuationToken('not-a-token')).toBeUndefined();
  });
});
