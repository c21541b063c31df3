// Where a request points: the bucket and key, from the path (`/bucket/key`, path style) or from
// the Host (`bucket.localhost:PORT`, virtual-host style), plus the decoded query.
import { invalidUri } from './s3-errors.ts';
import type { QueryPair } from './sigv4.ts';
import { parseQueryPairs } from './sigv4.ts';

export interface RequestTarget {
  bucket?: string;
  /** Undefined for the service and bucket levels; never the empty string. */
  key?: string;
  style: 'path' | 'virtual-host';
  /** The path as sent, still encoded, without the query. */
  rawPath: string;
  rawQuery: string;
  queryPairs: QueryPair[];
  /** First value of each query parameter. */
  query: ReadonlyMap<string, string>;
}

const VIRTUAL_HOST_SUFFIX = '.localhost';

/** The bucket a `Host` header names in virtual-host style, or undefined for path style. */
export function bucketFromHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  if (!hostname.endsWith(VIRTUAL_HOST_SUFFIX) || hostname.length === VIRTUAL_HOST_SUFFIX.length) return undefined;
  return hostname.slice(0, -VIRTUAL_HOST_SUFFIX.length);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidUri();
  }
}

export function parseRequestTarget(url: string, host: string | undefined): RequestTarget {
  const queryStart = url.indexOf('?');
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : url.slice(queryStart + 1);
  if (!rawPath.startsWith('/')) throw invalidUri();
  let queryPairs: QueryPair[];
  try {
    queryPairs = parseQueryPairs(rawQuery);
  } catch {
    throw invalidUri();
  }
  const query = new Map<string, string>();
  for (const [name, value] of queryPairs) if (!query.has(name)) query.set(name, value);

  const hostBucket = bucketFromHost(host);
  if (hostBucket !== undefined) {
    const key = decode(rawPath.slice(1));
    return { bucket: hostBucket, key: key === '' ? undefined : key, style: 'virtual-host', rawPath, rawQuery, queryPairs, query };
  }
  const rest = rawPath.slice(1);
  if (rest === '') return { style: 'path', rawPath, rawQuery, queryPairs, query };
  const slash = rest.indexOf('/');
  const bucket = decode(slash === -1 ? rest : rest.slice(0, slash));
  const key = slash === -1 ? '' : decode(rest.slice(slash + 1));
  return { bucket, key: key === '' ? undefined : key, style: 'path', rawPath, rawQuery, queryPairs, query };
}
