import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSeedConfig, parseSeedConfig, SeedConfigError } from './seed-config.ts';

const projectYaml = readFileSync(new URL('../../../config/projects/pcb-defect.yaml', import.meta.url), 'utf8');

function yamlList(key: string): string[] {
  const match = new RegExp(`^\\s+${key}: \\[([^\\]]*)\\]`, 'm').exec(projectYaml);
  return (match?.[1] ?? '').split(',').map((s) => s.trim());
}

describe('defaultSeedConfig', () => {
  it('contains the channel, requesters and approvers of config/projects/pcb-defect.yaml', () => {
    const channel = /^\s+channel: (\S+)/m.exec(projectYaml)?.[1];
    expect(defaultSeedConfig.channels.map((c) => c.id)).toContain(channel);
    const known = new Set([...defaultSeedConfig.users.map((u) => u.id), ...defaultSeedConfig.userGroups.map((g) => g.id)]);
    for (const id of [...yamlList('requesters'), ...yamlList('approvers')]) expect(known).toContain(id);
  });

  it('has alice who requests, bob who approves, carol who does neither, and bob in S0APPROVERS', () => {
    const id = (name: string) => defaultSeedConfig.users.find((u) => u.name === name)?.id;
    expect(yamlList('requesters')).toContain(id('alice'));
    expect(yamlList('approvers')).not.toContain(id('alice'));
    expect(yamlList('approvers')).toContain(id('bob'));
    expect([...yamlList('requesters'), ...yamlList('approvers')]).not.toContain(id('carol'));
    expect(defaultSeedConfig.userGroups.find((g) => g.id === 'S0APPROVERS')?.users).toEqual([id('bob')]);
    expect(defaultSeedConfig.team.id).toBe('T0TRAINOPS');
  });
});

describe('parseSeedConfig', () => {
  it('fills in every part that is not given from the defaults', () => {
    const seed = parseSeedConfig({ users: [{ id: 'U1', name: 'zoe' }], channels: [{ id: 'C1', name: 'ml' }], userGroups: [] });
    expect(seed.team).toEqual(defaultSeedConfig.team);
    expect(seed.users).toEqual([{ id: 'U1', name: 'zoe' }]);
  });

  it('lists every problem with its path at once', () => {
    const attempt = () =>
      parseSeedConfig(
        {
          users: [{ id: 'alice', name: 'Alice' }, { id: 'U1', name: 'bo' }],
          channels: [{ id: 'C1', name: 'ml', members: ['U9'] }],
          userGroups: [{ id: 'S1', handle: 'x', users: 'U1' }],
          colour: 'blue',
        },
        'seed.json',
      );
    expect(attempt).toThrow(SeedConfigError);
    expect(attempt).toThrow(
      [
        'seed.json is not a valid workspace seed:',
        '  - colour: unknown key (expected one of team, bot, users, channels, userGroups)',
        '  - users[0].id: "alice" must look like a user ID (U… or W…)',
        '  - users[0].name: "Alice" must be lower-case letters, digits, dots, dashes or underscores',
        '  - userGroups[0].users: must be a list of IDs',
        '  - channels[0].members[0]: no user U9 in users',
      ].join('\n'),
    );
  });
});
