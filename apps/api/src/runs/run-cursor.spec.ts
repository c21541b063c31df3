import { InputError } from '@trainops/contracts';
import { describe, expect, it } from 'vitest';
import { decodeRunCursor, encodeRunCursor } from './run-cursor.ts';

const position = { createdAt: new Date('2025-03-01T12:00:00.123Z'), id: '6f1c1f0e-4a7b-4c1a-9d1e-2b3c4d5e6f70' };

describe('run cursors', () => {
  it('round-trip a position', () => {
    expect(decodeRunCursor(encodeRunCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['a wrong shape', Buffer.from(JSON.stringify({ t: 'yesterday', i: position.id })).toString('base64url')],
    ['a tampered id', encodeRunCursor(position).slice(0, -4) + 'AAAA'],
    ['extra fields', Buffer.from(JSON.stringify({ t: position.createdAt.toISOString(), i: position.id, x: 1 })).toString('base64url')],
  ])('refuses %s with a message saying what to do', (_what, cursor) => {
    expect(() => decodeRunCursor(cursor)).toThrow(InputError);
    expect(() => decodeRunCursor(cursor)).toThrow(
      'The cursor is not valid: pass back the nextCursor of an earlier answer unchanged, or leave it out to start from the newest run.',
    );
  });
});
