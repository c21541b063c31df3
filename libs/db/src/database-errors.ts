// Classifying database failures, so the api can answer "try again" (503) rather than "our bug"
// (500). Prisma wraps driver errors differently depending on where they happen (connect, query,
// transaction), so the whole cause chain is inspected.

const unavailablePrismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const unavailableNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const unavailableMessage =
  /connection terminated|connection (was )?closed|server closed the connection|connect ECONNREFUSED|connection refused|timeout exceeded when trying to connect|pglite is closed|database is closed|client has encountered a connection error|Can't reach database server|the database system is (shutting down|starting up)|terminating connection/i;

function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

export function isDatabaseUnavailableError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (field(link, 'name') === 'PrismaClientInitializationError') return true;
    const code = field(link, 'code');
    if (typeof code === 'string') {
      if (unavailablePrismaCodes.has(code) || unavailableNodeCodes.has(code)) return true;
      // SQLSTATE class 08 is "connection exception"; 57P01-57P03 are shutdown / cannot connect now.
      if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    }
    const originalCode = field(field(link, 'meta'), 'driverAdapterError');
    if (originalCode !== undefined && isDatabaseUnavailableError(originalCode)) return true;
    const message = field(link, 'message');
    if (typeof message === 'string' && unavailableMessage.test(message)) return true;
  }
  return false;
}

/** A unique constraint refused the write (Prisma P2002, or PostgreSQL 23505 underneath). */
export function isUniqueConstraintError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    const code = field(link, 'code');
    if (code === 'P2002' || code === '23505') return true;
    const kind = field(field(field(link, 'meta'), 'driverAdapterError'), 'cause');
    if (field(kind, 'kind') === 'UniqueConstraintViolation') return true;
  }
  return false;
}
