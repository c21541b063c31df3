import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '@trainops/contracts';
import type { AuthConfig } from '../config.ts';

/**
 * Who is calling. A machine client acts for itself; the bot acts for the Slack user it names.
 * `id` scopes what a caller owns (its idempotency keys) and is what the audit log records.
 */
export type Caller = { kind: 'client'; name: string; id: string } | { kind: 'bot'; id: 'bot' };

export type Authenticate = (authorization: string | undefined) => Caller;

interface KnownToken {
  digest: Buffer;
  caller: Caller;
}

// Comparing fixed-length digests keeps timingSafeEqual usable whatever length the caller sends.
function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function createAuthenticator(auth: AuthConfig): Authenticate {
  const known: KnownToken[] = auth.clients.map((client) => ({
    digest: digestOf(client.token),
    caller: { kind: 'client', name: client.name, id: `client:${client.name}` },
  }));
  if (auth.botToken !== undefined) known.push({ digest: digestOf(auth.botToken), caller: { kind: 'bot', id: 'bot' } });

  return (authorization) => {
    if (authorization === undefined || authorization.trim() === '') {
      throw new AuthenticationError('This endpoint needs a token: send "Authorization: Bearer <token>".');
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match?.[1] === undefined) {
      throw new AuthenticationError('The Authorization header must be "Bearer <token>".');
    }
    const given = digestOf(match[1]);
    // Every known token is compared, so the time taken does not tell which one came close.
    let found: Caller | undefined;
    for (const candidate of known) {
      if (timingSafeEqual(candidate.digest, given) && found === undefined) found = candidate.caller;
    }
    if (found === undefined) throw new AuthenticationError('The token is not valid.');
    return found;
  };
}
