import { InputError } from '@trainops/contracts';
import { z } from 'zod';

// Runs are listed newest first by (createdAt, id); the cursor is the last row's position. It is
// opaque to clients so its layout can change; a cursor we did not write is refused, never guessed.

export interface RunCursor {
  createdAt: Date;
  id: string;
}

const CursorSchema = z.strictObject({ t: z.iso.datetime(), i: z.uuid() });

export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), i: cursor.id }), 'utf8').toString('base64url');
}

export function decodeRunCursor(cursor: string): RunCursor {
  const invalid = (cause?: unknown) =>
    new InputError(
      'The cursor is not valid: pass back the nextCursor of an earlier answer unchanged, or leave it out to start from the newest run.',
      { details: { cursor }, cause },
    );
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalid(error);
  }
  const parsed = CursorSchema.safeParse(decoded);
  if (!parsed.success) throw invalid();
  return { createdAt: new Date(parsed.data.t), id: parsed.data.i };
}
