import { randomBytes } from 'node:crypto';

// Identifiers in the shapes Slack uses, so code that pattern-matches them (`/^F[A-Z0-9]+$/`,
// `ts` strings compared as decimals) behaves as it does against the real service.

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface IdGenerator {
  /** An ID such as `F07Q3ZJ1ABC`: prefix plus upper-case letters and digits. */
  id(prefix: string, length?: number): string;
  /** A message timestamp (`"1730000000.000123"`), strictly increasing within this generator. */
  ts(): string;
  /** A trigger ID in Slack's `<digits>.<digits>.<hex>` shape. */
  triggerId(): string;
  /** A random lower-case hex secret of the given byte length. */
  secret(bytes?: number): string;
}

export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  let lastMicros = 0;
  let triggerCounter = 0;
  return {
    id(prefix, length = 10) {
      const bytes = randomBytes(length);
      let out = prefix;
      for (const byte of bytes) out += alphabet[byte % alphabet.length];
      return out;
    },
    ts() {
      // Two messages in the same millisecond must still get distinct, ordered timestamps, because
      // Slack clients use `ts` as the message's identity and sort key.
      const micros = Math.max(Math.floor(now()) * 1000, lastMicros + 1);
      lastMicros = micros;
      const seconds = Math.floor(micros / 1_000_000);
      return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
    },
    triggerId() {
      triggerCounter += 1;
      return `${Math.floor(now() / 1000)}${String(triggerCounter).padStart(4, '0')}.${randomDigits(10)}.${randomBytes(16).toString('hex')}`;
    },
    secret(bytes = 12) {
      return randomBytes(bytes).toString('hex');
    },
  };
}

function randomDigits(count: number): string {
  let out = '';
  for (const byte of randomBytes(count)) out += String(byte % 10);
  return out;
}
