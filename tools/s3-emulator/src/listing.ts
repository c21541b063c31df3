// One page of a bucket listing (ListObjects / ListObjectsV2), as S3 computes it: keys under the
// prefix in UTF-8 order, keys containing the delimiter after the prefix rolled up into
// CommonPrefixes, each common prefix counting once towards max-keys.
import { compareKeys } from './store/s3-store.ts';

export interface ListingInput<T extends { key: string }> {
  /** Sorted by key (S3Store.listObjects). */
  objects: readonly T[];
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** Resume strictly after this key or common prefix. */
  after?: string;
  /** `after` is a common prefix: skip every key under it too. */
  afterIsPrefix?: boolean;
}

export interface ListingEntry {
  value: string;
  isPrefix: boolean;
}

export interface ListingPage<T> {
  contents: T[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix on this page: where the next page starts. */
  last?: ListingEntry;
}

export function buildListingPage<T extends { key: string }>(input: ListingInput<T>): ListingPage<T> {
  const page: ListingPage<T> = { contents: [], commonPrefixes: [], isTruncated: false };
  if (input.maxKeys <= 0) return page;
  const delimiter = input.delimiter === '' ? undefined : input.delimiter;
  let count = 0;
  for (const object of input.objects) {
    const { key } = object;
    if (!key.startsWith(input.prefix)) {
      // Keys under one prefix are contiguous in sorted order: once past them, stop.
      if (compareKeys(key, input.prefix) > 0) break;
      continue;
    }
    if (input.after !== undefined) {
      if (compareKeys(key, input.after) <= 0) continue;
      if (input.afterIsPrefix && key.startsWith(input.after)) continue;
    }
    let entry: ListingEntry = { value: key, isPrefix: false };
    if (delimiter !== undefined) {
      const at = key.indexOf(delimiter, input.prefix.length);
      if (at !== -1) {
        const commonPrefix = key.slice(0, at + delimiter.length);
        if (page.commonPrefixes.at(-1) === commonPrefix) continue;
        entry = { value: commonPrefix, isPrefix: true };
      }
    }
    if (count === input.maxKeys) {
      page.isTruncated = true;
      break;
    }
    if (entry.isPrefix) page.commonPrefixes.push(entry.value);
    else page.contents.push(object);
    page.last = entry;
    count += 1;
  }
  return page;
}

/** ListObjectsV2's opaque continuation token: where to resume. */
export function encodeContinuationToken(entry: ListingEntry): string {
  return Buffer.from(JSON.stringify({ a: entry.value, p: entry.isPrefix }), 'utf8').toString('base64url');
}

export function decodeContinuationToken(token: string): ListingEntry | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { a, p } = parsed as Record<string, unknown>;
    if (typeof a !== 'string' || typeof p !== 'boolean') return undefined;
    return { value: a, isPrefix: p };
  } catch {
    return undefined;
  }
}
