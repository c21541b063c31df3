import type { EmulatorState } from './emulator-state.ts';
import type { MethodHandler } from './web-api-chat.ts';
import { booleanArg, requiredStringArg, SlackApiError, stringArg } from './web-api-errors.ts';
import type { WorkspaceChannel } from './workspace.ts';

// auth.test, conversations.*, users.info and usergroups.*: what the app can learn about the workspace.

function channelObject(state: EmulatorState, channel: WorkspaceChannel, includeMemberCount: boolean): Record<string, unknown> {
  const isMember = state.workspace.isMember(channel.id, state.workspace.bot.userId);
  if (channel.isIm) {
    return { id: channel.id, created: channel.created, is_im: true, is_org_shared: false, user: channel.imUser, is_user_deleted: false, priority: 0 };
  }
  const out: Record<string, unknown> = {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate,
    is_group: channel.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    created: channel.created,
    is_archived: false,
    is_general: false,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: state.workspace.team.id,
    updated: channel.created * 1000,
    parent_conversation: null,
    creator: state.workspace.users[0]?.id ?? '',
    is_ext_shared: false,
    shared_team_ids: [state.workspace.team.id],
    pending_connected_team_ids: [],
    is_member: isMember,
    topic: { value: channel.topic, creator: '', last_set: 0 },
    purpose: { value: channel.purpose, creator: '', last_set: 0 },
    previous_names: [],
  };
  if (includeMemberCount) out.num_members = channel.members.size;
  return out;
}

function userObject(state: EmulatorState, userId: string): Record<string, unknown> | undefined {
  const { workspace } = state;
  const teamId = workspace.team.id;
  if (userId === workspace.bot.userId) {
    return {
      id: userId,
      team_id: teamId,
      name: workspace.bot.name,
      deleted: false,
      real_name: workspace.bot.name,
      is_bot: true,
      is_app_user: false,
      is_admin: false,
      is_owner: false,
      updated: 0,
      profile: { real_name: workspace.bot.name, display_name: '', bot_id: workspace.bot.botId, api_app_id: workspace.bot.appId, team: teamId },
    };
  }
  const user = workspace.findUser(userId);
  if (user === undefined || user.id !== userId) return undefined;
  const realName = user.realName ?? user.name;
  return {
    id: user.id,
    team_id: teamId,
    name: user.name,
    deleted: false,
    color: '9f69e7',
    real_name: realName,
    tz: 'Europe/Berlin',
    tz_label: 'Central European Time',
    tz_offset: 3600,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: user.name,
      display_name_normalized: user.name,
      first_name: realName.split(' ')[0] ?? realName,
      last_name: realName.split(' ').slice(1).join(' '),
      title: user.note ?? '',
      email: `${user.name}@${workspace.team.domain}.example`,
      team: teamId,
    },
    is_admin: user.isAdmin ?? false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: false,
    is_app_user: false,
    updated: 0,
    is_email_confirmed: true,
  };
}

function existingChannel(state: EmulatorState, id: string | undefined): WorkspaceChannel {
  const channel = id === undefined ? undefined : state.workspace.findChannel(id);
  if (channel === undefined) throw new SlackApiError('channel_not_found');
  return channel;
}

export const directoryMethods: Record<string, MethodHandler> = {
  'auth.test'(_args, state) {
    const { workspace } = state;
    return {
      url: `${state.baseUrl()}/`,
      team: workspace.team.name,
      user: workspace.bot.name,
      team_id: workspace.team.id,
      user_id: workspace.bot.userId,
      bot_id: workspace.bot.botId,
      app_id: workspace.bot.appId,
      is_enterprise_install: false,
    };
  },

  'conversations.info'(args, state) {
    const channel = existingChannel(state, stringArg(args, 'channel'));
    return { channel: channelObject(state, channel, booleanArg(args, 'include_num_members') ?? false) };
  },

  'conversations.join'(args, state) {
    const channel = existingChannel(state, stringArg(args, 'channel'));
    if (channel.isIm || channel.isPrivate) throw new SlackApiError('method_not_supported_for_channel_type');
    const bot = state.workspace.bot.userId;
    const already = state.workspace.isMember(channel.id, bot);
    state.workspace.join(channel.id, bot);
    const out: Record<string, unknown> = { channel: channelObject(state, channel, false) };
    if (already) Object.assign(out, { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } });
    return out;
  },

  'conversations.history'(args, state) {
    const channel = existingChannel(state, stringArg(args, 'channel'));
    if (!state.workspace.isMember(channel.id, state.workspace.bot.userId)) throw new SlackApiError('not_in_channel');
    const limit = Math.max(1, Math.min(999, Number(stringArg(args, 'limit') ?? 100) || 100));
    const all = state.messages.history(channel.id);
    return {
      messages: all.slice(0, limit).map((m) => state.messages.toSlackMessage(m)),
      has_more: all.length > limit,
      pin_count: 0,
      response_metadata: { next_cursor: '' },
    };
  },

  'conversations.replies'(args, state) {
    const channel = existingChannel(state, stringArg(args, 'channel'));
    const ts = requiredStringArg(args, 'ts');
    const message = state.messages.find(channel.id, ts);
    if (message === undefined) throw new SlackApiError('thread_not_found');
    const thread = state.messages.thread(channel.id, message.threadTs ?? message.ts);
    return {
      messages: thread.map((m) => state.messages.toSlackMessage(m)),
      has_more: false,
      response_metadata: { next_cursor: '' },
    };
  },

  'users.info'(args, state) {
    const id = stringArg(args, 'user');
    const user = id === undefined ? undefined : userObject(state, id);
    if (user === undefined) throw new SlackApiError('user_not_found');
    return { user };
  },

  'usergroups.list'(args, state) {
    const includeUsers = booleanArg(args, 'include_users') ?? false;
    return {
      usergroups: state.workspace.userGroups.map((g) => ({
        id: g.id,
        team_id: state.workspace.team.id,
        is_usergroup: true,
        name: g.name ?? g.handle,
        description: '',
        handle: g.handle,
        is_external: false,
        user_count: g.users.length,
        ...(includeUsers ? { users: [...g.users] } : {}),
      })),
    };
  },

  'usergroups.users.list'(args, state) {
    const id = requiredStringArg(args, 'usergroup');
    const group = state.workspace.findUserGroup(id);
    if (group === undefined) throw new SlackApiError('no_such_subteam');
    return { users: [...group.users] };
  },
};
