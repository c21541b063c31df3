// Conditional requests, evaluated in the order RFC 9110 §13.2.2 prescribes and S3 follows:
// If-Match, then If-Unmodified-Since (only without If-Match), then If-None-Match, then
// If-Modified-Since (only without If-None-Match). Dates have one-second resolution on the wire.

export interface ConditionHeaders {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

export interface ConditionTarget {
  /** Quoted. */
  etag: string;
  lastModified: string;
}

export type ConditionOutcome = { kind: 'proceed' } | { kind: 'not-modified' } | { kind: 'precondition-failed'; condition: string };

function etagListMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/^"|"$/g, '');
  return header
    .split(',')
    .map((item) => item.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .some((item) => item === '*' || item === bare);
}

function seconds(value: string): number | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

export function evaluateConditions(headers: ConditionHeaders, target: ConditionTarget): ConditionOutcome {
  const modified = Math.floor(Date.parse(target.lastModified) / 1000);
  if (headers.ifMatch !== undefined) {
    if (!etagListMatches(headers.ifMatch, target.etag)) return { kind: 'precondition-failed', condition: 'If-Match' };
  } else if (headers.ifUnmodifiedSince !== undefined) {
    const since = seconds(headers.ifUnmodifiedSince);
    if (since !== undefined && modified > since) return { kind: 'precondition-failed', condition: 'If-Unmodified-Since' };
  }
  if (headers.ifNoneMatch !== undefined) {
    if (etagListMatches(headers.ifNoneMatch, target.etag)) return { kind: 'not-modified' };
  } else if (headers.ifModifiedSince !== undefined) {
    const since = seconds(headers.ifModifiedSince);
    if (since !== undefined && modified <= since) return { kind: 'not-modified' };
  }
  return { kind: 'proceed' };
}
