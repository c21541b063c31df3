import type { ResolvedSeed, SeedBot, SeedTeam, SeedUser, SeedUserGroup } from './seed-config.ts';

// The people, channels and groups of the emulated workspace, and who is a member of what.
// Membership changes at run time (conversations.join, direct messages opened by posting to a user).

export interface WorkspaceChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  /** For a direct message: the person on the other side of the bot. */
  imUser?: string;
  members: Set<string>;
  created: number;
  topic: string;
  purpose: string;
}

export interface Workspace {
  readonly team: SeedTeam;
  readonly bot: SeedBot;
  readonly users: readonly SeedUser[];
  readonly userGroups: readonly SeedUserGroup[];
  channels(): WorkspaceChannel[];
  /** By ID (`U…`) or name (`alice`, `@alice`). */
  findUser(idOrName: string): SeedUser | undefined;
  /** By ID (`C…`) or name (`pcb-defect`, `#pcb-defect`). */
  findChannel(idOrName: string): WorkspaceChannel | undefined;
  findUserGroup(id: string): SeedUserGroup | undefined;
  isMember(channelId: string, userId: string): boolean;
  join(channelId: string, userId: string): void;
  /** The direct-message channel between the bot and a person, opened on first use. */
  openDirectMessage(userId: string): WorkspaceChannel;
  /** Display name for a user ID, including the bot and Slackbot. */
  displayName(userId: string): string;
  /** Forgets run-time membership changes and direct messages. */
  reset(): void;
}

export const slackbotUserId = 'USLACKBOT';

export function createWorkspace(seed: ResolvedSeed, now: () => number = Date.now): Workspace {
  let channels = buildChannels(seed, now);

  function findChannel(idOrName: string): WorkspaceChannel | undefined {
    const key = idOrName.startsWith('#') ? idOrName.slice(1) : idOrName;
    return channels.get(key) ?? [...channels.values()].find((c) => c.name === key && !c.isIm);
  }

  return {
    team: seed.team,
    bot: seed.bot,
    users: seed.users,
    userGroups: seed.userGroups,
    channels: () => [...channels.values()],
    findUser(idOrName) {
      const key = idOrName.startsWith('@') ? idOrName.slice(1) : idOrName;
      return seed.users.find((u) => u.id === key || u.name === key);
    },
    findChannel,
    findUserGroup: (id) => seed.userGroups.find((g) => g.id === id),
    isMember: (channelId, userId) => channels.get(channelId)?.members.has(userId) ?? false,
    join(channelId, userId) {
      channels.get(channelId)?.members.add(userId);
    },
    openDirectMessage(userId) {
      const existing = [...channels.values()].find((c) => c.isIm && c.imUser === userId);
      if (existing !== undefined) return existing;
      // Slack's DM IDs start with D; deriving it from the user ID keeps it stable across resets.
      const channel: WorkspaceChannel = {
        id: `D${userId.slice(1)}`,
        name: userId,
        isPrivate: true,
        isIm: true,
        imUser: userId,
        members: new Set([userId, seed.bot.userId]),
        created: Math.floor(now() / 1000),
        topic: '',
        purpose: '',
      };
      channels.set(channel.id, channel);
      return channel;
    },
    displayName(userId) {
      if (userId === seed.bot.userId) return seed.bot.name;
      if (userId === slackbotUserId) return 'Slackbot';
      return seed.users.find((u) => u.id === userId)?.name ?? userId;
    },
    reset() {
      channels = buildChannels(seed, now);
    },
  };
}

function buildChannels(seed: ResolvedSeed, now: () => number): Map<string, WorkspaceChannel> {
  const created = Math.floor(now() / 1000);
  return new Map(
    seed.channels.map((c) => {
      const members = new Set(c.members ?? seed.users.map((u) => u.id));
      if (c.botIsMember !== false) members.add(seed.bot.userId);
      const channel: WorkspaceChannel = {
        id: c.id,
        name: c.name,
        isPrivate: c.isPrivate ?? false,
        isIm: false,
        members,
        created,
        topic: c.topic ?? '',
        purpose: c.purpose ?? '',
      };
      return [c.id, channel];
    }),
  );
}
