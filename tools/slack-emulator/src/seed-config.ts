import { isJsonObject } from './json-values.ts';

// The workspace the emulator starts with: team, the app's bot user, people, channels and user
// groups. The defaults match config/projects/pcb-defect.yaml (its channel, its requesters and
// approvers) so the product's example project works against the emulator without editing.

export interface SeedTeam {
  id: string;
  domain: string;
  name: string;
}

export interface SeedBot {
  /** The bot user (`U…`) that authors the app's messages. */
  userId: string;
  /** The bot ID (`B…`) shown as `bot_id` on messages. */
  botId: string;
  /** The app ID (`A…`) sent as `api_app_id`. */
  appId: string;
  name: string;
}

export interface SeedUser {
  id: string;
  name: string;
  realName?: string;
  /** Shown in the console's user picker only, to say what the person is for. */
  note?: string;
  isAdmin?: boolean;
}

export interface SeedChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  /** Member user IDs; every seeded user when absent. */
  members?: string[];
  /** Whether the app's bot user is a member (it must be to post). Default true. */
  botIsMember?: boolean;
  topic?: string;
  purpose?: string;
}

export interface SeedUserGroup {
  id: string;
  handle: string;
  name?: string;
  users: string[];
}

export interface SeedConfig {
  team?: SeedTeam;
  bot?: SeedBot;
  users?: SeedUser[];
  channels?: SeedChannel[];
  userGroups?: SeedUserGroup[];
}

/** A seed with every part present, as the emulator uses it. */
export interface ResolvedSeed {
  team: SeedTeam;
  bot: SeedBot;
  users: SeedUser[];
  channels: SeedChannel[];
  userGroups: SeedUserGroup[];
}

export const defaultSeedConfig: ResolvedSeed = {
  team: { id: 'T0TRAINOPS', domain: 'trainops', name: 'TrainOps' },
  bot: { userId: 'U0TRAINBOT', botId: 'B0TRAINBOT', appId: 'A0TRAINOPS', name: 'trainops' },
  users: [
    { id: 'U05BX9ZT3PQ', name: 'alice', realName: 'Alice Anders', note: 'requests runs' },
    { id: 'U03MRV8D1KA', name: 'bob', realName: 'Bob Berger', note: 'approves models' },
    { id: 'U0CAROL', name: 'carol', realName: 'Carol Castro', note: 'neither requests nor approves' },
    { id: 'U04HG7KQ2LM', name: 'dana', realName: 'Dana Dietrich', note: 'requests and approves' },
    { id: 'U0ERIN', name: 'erin', realName: 'Erin Eklund', note: 'requests through @pcb-requesters' },
  ],
  channels: [
    { id: 'C07PCB4D3F1', name: 'pcb-defect', topic: 'PCB defect detection: training runs and promotions' },
    { id: 'C0RANDOM', name: 'random', botIsMember: false },
  ],
  userGroups: [
    { id: 'S07QAPCB001', handle: 'pcb-requesters', name: 'PCB requesters', users: ['U0ERIN'] },
    { id: 'S0APPROVERS', handle: 'approvers', name: 'Approvers', users: ['U03MRV8D1KA'] },
  ],
};

export class SeedConfigError extends Error {
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`${source} is not a valid workspace seed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SeedConfigError';
    this.problems = problems;
  }
}

const idPatterns = {
  team: /^T[A-Z0-9]+$/,
  user: /^[UW][A-Z0-9]+$/,
  bot: /^B[A-Z0-9]+$/,
  app: /^A[A-Z0-9]+$/,
  channel: /^[CG][A-Z0-9]+$/,
  group: /^S[A-Z0-9]+$/,
} as const;

const namePattern = /^[a-z0-9][a-z0-9._-]{0,79}$/;

/**
 * Validates a seed (from options or a JSON file) and fills in the defaults. Each part that is given
 * replaces the default part whole; a problem is reported with its path, all problems at once.
 */
export function parseSeedConfig(input: unknown, source = 'workspace'): ResolvedSeed {
  const problems: string[] = [];
  if (input === undefined) return structuredClone(defaultSeedConfig);
  if (!isJsonObject(input)) throw new SeedConfigError(source, ['must be an object with team, bot, users, channels, userGroups']);
  const known = new Set(['team', 'bot', 'users', 'channels', 'userGroups']);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) problems.push(`${key}: unknown key (expected one of ${[...known].join(', ')})`);
  }

  const team = input.team === undefined ? defaultSeedConfig.team : readTeam(input.team, problems);
  const bot = input.bot === undefined ? defaultSeedConfig.bot : readBot(input.bot, problems);
  const users = input.users === undefined ? defaultSeedConfig.users : readList(input.users, 'users', problems, readUser);
  const userIds = new Set(users.map((u) => u.id));
  const channels =
    input.channels === undefined ? defaultSeedConfig.channels : readList(input.channels, 'channels', problems, readChannel);
  const userGroups =
    input.userGroups === undefined
      ? defaultSeedConfig.userGroups
      : readList(input.userGroups, 'userGroups', problems, readUserGroup);

  checkUnique(users, 'users', (u) => u.id, problems);
  checkUnique(users, 'users', (u) => u.name, problems);
  checkUnique(channels, 'channels', (c) => c.id, problems);
  checkUnique(channels, 'channels', (c) => c.name, problems);
  checkUnique(userGroups, 'userGroups', (g) => g.id, problems);
  if (userIds.has(bot.userId)) problems.push(`bot.userId: ${bot.userId} is also a person in users`);
  channels.forEach((channel, i) => {
    channel.members?.forEach((member, j) => {
      if (!userIds.has(member)) problems.push(`channels[${i}].members[${j}]: no user ${member} in users`);
    });
  });
  userGroups.forEach((group, i) => {
    group.users.forEach((member, j) => {
      if (!userIds.has(member)) problems.push(`userGroups[${i}].users[${j}]: no user ${member} in users`);
    });
  });

  if (problems.length > 0) throw new SeedConfigError(source, problems);
  return structuredClone({ team, bot, users, channels, userGroups });
}

type Reader<T> = (value: unknown, path: string, problems: string[]) => T;

function readList<T>(value: unknown, path: string, problems: string[], read: Reader<T>): T[] {
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be a list`);
    return [];
  }
  return value.map((item, i) => read(item, `${path}[${i}]`, problems));
}

function readTeam(value: unknown, problems: string[]): SeedTeam {
  const obj = objectAt(value, 'team', problems);
  return {
    id: idAt(obj, 'team', 'id', idPatterns.team, 'a team ID (T…)', problems),
    domain: nameAt(obj, 'team', 'domain', problems),
    name: stringAt(obj, 'team', 'name', problems),
  };
}

function readBot(value: unknown, problems: string[]): SeedBot {
  const obj = objectAt(value, 'bot', problems);
  return {
    userId: idAt(obj, 'bot', 'userId', idPatterns.user, 'a user ID (U… or W…)', problems),
    botId: idAt(obj, 'bot', 'botId', idPatterns.bot, 'a bot ID (B…)', problems),
    appId: idAt(obj, 'bot', 'appId', idPatterns.app, 'an app ID (A…)', problems),
    name: nameAt(obj, 'bot', 'name', problems),
  };
}

function readUser(value: unknown, path: string, problems: string[]): SeedUser {
  const obj = objectAt(value, path, problems);
  const user: SeedUser = {
    id: idAt(obj, path, 'id', idPatterns.user, 'a user ID (U… or W…)', problems),
    name: nameAt(obj, path, 'name', problems),
  };
  const realName = optionalStringAt(obj, path, 'realName', problems);
  if (realName !== undefined) user.realName = realName;
  const note = optionalStringAt(obj, path, 'note', problems);
  if (note !== undefined) user.note = note;
  const isAdmin = optionalBooleanAt(obj, path, 'isAdmin', problems);
  if (isAdmin !== undefined) user.isAdmin = isAdmin;
  return user;
}

function readChannel(value: unknown, path: string, problems: string[]): SeedChannel {
  const obj = objectAt(value, path, problems);
  const channel: SeedChannel = {
    id: idAt(obj, path, 'id', idPatterns.channel, 'a channel ID (C… or G…)', problems),
    name: nameAt(obj, path, 'name', problems),
  };
  const isPrivate = optionalBooleanAt(obj, path, 'isPrivate', problems);
  if (isPrivate !== undefined) channel.isPrivate = isPrivate;
  const botIsMember = optionalBooleanAt(obj, path, 'botIsMember', problems);
  if (botIsMember !== undefined) channel.botIsMember = botIsMember;
  const topic = optionalStringAt(obj, path, 'topic', problems);
  if (topic !== undefined) channel.topic = topic;
  const purpose = optionalStringAt(obj, path, 'purpose', problems);
  if (purpose !== undefined) channel.purpose = purpose;
  if (obj?.members !== undefined) channel.members = stringListAt(obj.members, `${path}.members`, problems);
  return channel;
}

function readUserGroup(value: unknown, path: string, problems: string[]): SeedUserGroup {
  const obj = objectAt(value, path, problems);
  const group: SeedUserGroup = {
    id: idAt(obj, path, 'id', idPatterns.group, 'a user group ID (S…)', problems),
    handle: nameAt(obj, path, 'handle', problems),
    users: stringListAt(obj?.users, `${path}.users`, problems),
  };
  const name = optionalStringAt(obj, path, 'name', problems);
  if (name !== undefined) group.name = name;
  return group;
}

function objectAt(value: unknown, path: string, problems: string[]): Record<string, unknown> | undefined {
  if (isJsonObject(value)) return value;
  problems.push(`${path}: must be an object`);
  return undefined;
}

function stringAt(obj: Record<string, unknown> | undefined, path: string, key: string, problems: string[]): string {
  if (obj === undefined) return '';
  const value = obj[key];
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.push(`${path}.${key}: required, a non-empty string`);
  return '';
}

function optionalStringAt(
  obj: Record<string, unknown> | undefined,
  path: string,
  key: string,
  problems: string[],
): string | undefined {
  const value = obj?.[key];
  if (value === undefined || typeof value === 'string') return value;
  problems.push(`${path}.${key}: must be a string`);
  return undefined;
}

function optionalBooleanAt(
  obj: Record<string, unknown> | undefined,
  path: string,
  key: string,
  problems: string[],
): boolean | undefined {
  const value = obj?.[key];
  if (value === undefined || typeof value === 'boolean') return value;
  problems.push(`${path}.${key}: must be true or false`);
  return undefined;
}

function idAt(
  obj: Record<string, unknown> | undefined,
  path: string,
  key: string,
  pattern: RegExp,
  what: string,
  problems: string[],
): string {
  const value = stringAt(obj, path, key, problems);
  if (value !== '' && !pattern.test(value)) problems.push(`${path}.${key}: "${value}" must look like ${what}`);
  return value;
}

function nameAt(obj: Record<string, unknown> | undefined, path: string, key: string, problems: string[]): string {
  const value = stringAt(obj, path, key, problems);
  if (value !== '' && !namePattern.test(value)) {
    problems.push(`${path}.${key}: "${value}" must be lower-case letters, digits, dots, dashes or underscores`);
  }
  return value;
}

function stringListAt(value: unknown, path: string, problems: string[]): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    problems.push(`${path}: must be a list of IDs`);
    return [];
  }
  return value as string[];
}

function checkUnique<T>(items: T[], path: string, key: (item: T) => string, problems: string[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    const value = key(item);
    if (value === '') continue;
    if (seen.has(value)) problems.push(`${path}: "${value}" appears more than once`);
    seen.add(value);
  }
}
