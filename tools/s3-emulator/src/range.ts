// The `Range: bytes=…` header as S3 reads it: one range only (S3 ignores multi-range requests and
// returns the whole object), suffix ranges allowed, an end past the object clamped.
import type { ByteRange } from './store/store-types.ts';

export type RangeRequest =
  | { kind: 'none' }
  | { kind: 'satisfiable'; range: ByteRange }
  | { kind: 'unsatisfiable' };

export function parseRangeHeader(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'none' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Anything S3 cannot read as a single byte range is ignored, as S3 does.
  if (!match) return { kind: 'none' };
  const [, startText = '', endText = ''] = match;
  if (startText === '' && endText === '') return { kind: 'none' };
  if (startText === '') {
    const suffix = Number(endText);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'satisfiable', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(startText);
  if (endText !== '' && Number(endText) < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = endText === '' ? size - 1 : Number(endText);
  return { kind: 'satisfiable', range: { start, end: Math.min(end, size - 1) } };
}
