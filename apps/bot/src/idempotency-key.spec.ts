import { describe, expect, it } from 'vitest';
import { IdempotencyKeySchema } from '@trainops/contracts';
import { buildSlackIdempotencyKey } from './idempotency-key.ts';

describe('buildSlackIdempotencyKey', () => {
  it('is the same for every delivery of one invocation and one the api accepts', () => {
    const key = buildSlackIdempotencyKey({ teamId: 'T0TEAM', triggerId: '13345224609.738474920.8088930838d88f008e0' });
    expect(key).toBe('slack:T0TEAM:13345224609.738474920.8088930838d88f008e0');
    expect(IdempotencyKeySchema.safeParse(key).success).toBe(true);
  });

  it('differs between workspaces that happen to share a trigger id', () => {
    const a = buildSlackIdempotencyKey({ teamId: 'T1', triggerId: '1.2.3' });
    const b = buildSlackIdempotencyKey({ teamId: 'T2', triggerId: '1.2.3' });
    expect(a).not.toBe(b);
  });
});
