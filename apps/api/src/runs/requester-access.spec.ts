import { NotAllowedError } from '@trainops/contracts';
import { describe, expect, it } from 'vitest';
import { assertMayRequest } from './requester-access.ts';

const base = { project: 'pcb-defect', resolveUserGroupMembers: undefined };

describe('assertMayRequest', () => {
  it('lets anyone request when the list is empty', async () => {
    await expect(assertMayRequest({ ...base, allowed: [], requester: 'U999' })).resolves.toBeUndefined();
  });

  it('lets a listed user request', async () => {
    await expect(assertMayRequest({ ...base, allowed: ['U1', 'U2'], requester: 'U2' })).resolves.toBeUndefined();
  });

  it('refuses anyone else and names who may request', async () => {
    const refusal = assertMayRequest({ ...base, allowed: ['U1', 'U2'], requester: 'U3' });
    await expect(refusal).rejects.toBeInstanceOf(NotAllowedError);
    await expect(refusal).rejects.toThrow('<@U3> may not start runs of pcb-defect. Only <@U1> or <@U2> may; ask one of them.');
  });

  it('matches a group member through the resolver', async () => {
    const resolveUserGroupMembers = async (group: string) => (group === 'S100' ? ['U5', 'U6'] : []);
    await expect(
      assertMayRequest({ ...base, allowed: ['U1', 'S100'], requester: 'U6', resolveUserGroupMembers }),
    ).resolves.toBeUndefined();
  });

  it('matches no one through a group without a resolver', async () => {
    await expect(assertMayRequest({ ...base, allowed: ['S100'], requester: 'U6' })).rejects.toThrow(
      '<@U6> may not start runs of pcb-defect. Only <!subteam^S100> (or a member of those groups) may; ask one of them.',
    );
  });
});
