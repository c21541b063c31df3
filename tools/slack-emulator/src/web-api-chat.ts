import { makeBlockId, type EmulatorState } from './emulator-state.ts';
import { readMessageContent } from './message-content.ts';
import type { StoredMessage } from './message-store.ts';
import { booleanArg, invalidArguments, jsonArg, requiredStringArg, SlackApiError, stringArg, type ApiArgs } from './web-api-errors.ts';
import type { WorkspaceChannel } from './workspace.ts';

// chat.* and reactions.*: posting, editing and deleting the app's messages.

export type MethodHandler = (args: ApiArgs, state: EmulatorState) => Record<string, unknown>;

/**
 * The channel a message goes to. Like Slack, a channel may be named by ID or name, and a user ID
 * means the app's direct message with that person.
 */
export function channelForPosting(state: EmulatorState, target: string | undefined): WorkspaceChannel {
  if (target === undefined) throw new SlackApiError('channel_not_found');
  const channel = state.workspace.findChannel(target);
  if (channel !== undefined) return channel;
  const user = /^[UW]/.test(target) ? state.workspace.findUser(target) : undefined;
  if (user !== undefined) return state.workspace.openDirectMessage(user.id);
  throw new SlackApiError('channel_not_found');
}

function existingChannel(state: EmulatorState, args: ApiArgs): WorkspaceChannel {
  const id = stringArg(args, 'channel');
  const channel = id === undefined ? undefined : state.workspace.findChannel(id);
  if (channel === undefined) throw new SlackApiError('channel_not_found');
  return channel;
}

function requireBotMembership(state: EmulatorState, channel: WorkspaceChannel): void {
  if (!state.workspace.isMember(channel.id, state.workspace.bot.userId)) throw new SlackApiError('not_in_channel');
}

function existingMessage(state: EmulatorState, channel: WorkspaceChannel, ts: string | undefined): StoredMessage {
  const message = ts === undefined ? undefined : state.messages.find(channel.id, ts);
  if (message === undefined) throw new SlackApiError('message_not_found');
  return message;
}

/** A reply's thread is its parent's: replying to a reply lands in the same thread, as in Slack. */
function threadRoot(state: EmulatorState, channel: WorkspaceChannel, threadTs: string | undefined): string | undefined {
  if (threadTs === undefined) return undefined;
  const parent = state.messages.find(channel.id, threadTs);
  // Slack would quietly post to the channel instead; refusing makes a bot's wrong thread_ts visible.
  if (parent === undefined) throw new SlackApiError('thread_not_found');
  return parent.threadTs ?? parent.ts;
}

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage'(args, state) {
    const channel = channelForPosting(state, stringArg(args, 'channel'));
    requireBotMembership(state, channel);
    const content = readMessageContent(args, { makeBlockId: () => makeBlockId(state) });
    const threadTs = threadRoot(state, channel, stringArg(args, 'thread_ts'));
    const metadata = jsonArg(args, 'metadata', () => invalidArguments(['metadata must be a JSON object']));
    const { bot } = state.workspace;
    const message = state.messages.post({
      channel: channel.id,
      user: bot.userId,
      botId: bot.botId,
      appId: bot.appId,
      ...content,
      ...(threadTs === undefined ? {} : { threadTs, broadcast: booleanArg(args, 'reply_broadcast') ?? false }),
      ...(metadata === undefined ? {} : { metadata }),
      ...(booleanArg(args, 'mrkdwn') === false ? { plainText: true } : {}),
    });
    state.changed({ kind: 'message', channel: channel.id });
    return { channel: channel.id, ts: message.ts, message: state.messages.toSlackMessage(message) };
  },

  'chat.update'(args, state) {
    const channel = existingChannel(state, args);
    const message = existingMessage(state, channel, stringArg(args, 'ts'));
    if (message.user !== state.workspace.bot.userId) throw new SlackApiError('cant_update_message');
    const content = readMessageContent(args, { makeBlockId: () => makeBlockId(state), previous: message });
    const updated = state.messages.update(channel.id, message.ts, content, state.workspace.bot.userId);
    if (updated === undefined) throw new SlackApiError('message_not_found');
    state.changed({ kind: 'message', channel: channel.id });
    const out = state.messages.toSlackMessage(updated);
    return { channel: channel.id, ts: updated.ts, text: updated.text, message: out };
  },

  'chat.delete'(args, state) {
    const channel = existingChannel(state, args);
    const message = existingMessage(state, channel, stringArg(args, 'ts'));
    if (message.user !== state.workspace.bot.userId) throw new SlackApiError('cant_delete_message');
    state.messages.remove(channel.id, message.ts);
    state.changed({ kind: 'message', channel: channel.id });
    return { channel: channel.id, ts: message.ts };
  },

  'chat.postEphemeral'(args, state) {
    const channel = existingChannel(state, args);
    const userId = stringArg(args, 'user');
    const user = userId === undefined ? undefined : state.workspace.findUser(userId);
    if (user === undefined) throw new SlackApiError('user_not_found');
    requireBotMembership(state, channel);
    if (!state.workspace.isMember(channel.id, user.id)) throw new SlackApiError('user_not_in_channel');
    const content = readMessageContent(args, { makeBlockId: () => makeBlockId(state) });
    const threadTs = threadRoot(state, channel, stringArg(args, 'thread_ts'));
    const { bot } = state.workspace;
    const message = state.messages.postEphemeral({
      channel: channel.id,
      recipient: user.id,
      user: bot.userId,
      botId: bot.botId,
      appId: bot.appId,
      ...content,
      ...(threadTs === undefined ? {} : { threadTs }),
    });
    state.changed({ kind: 'ephemeral', channel: channel.id, user: user.id });
    return { message_ts: message.ts };
  },

  'chat.getPermalink'(args, state) {
    const channel = existingChannel(state, args);
    const message = existingMessage(state, channel, stringArg(args, 'message_ts'));
    let permalink = `${state.baseUrl()}/archives/${channel.id}/p${message.ts.replace('.', '')}`;
    if (message.threadTs !== undefined && message.threadTs !== message.ts) {
      permalink += `?thread_ts=${message.threadTs}&cid=${channel.id}`;
    }
    return { channel: channel.id, permalink };
  },

  'reactions.add'(args, state) {
    const { channel, message, name } = reactionTarget(args, state);
    const bot = state.workspace.bot.userId;
    const reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(bot)) throw new SlackApiError('already_reacted');
    if (reaction === undefined) message.reactions.push({ name, users: [bot] });
    else reaction.users.push(bot);
    state.changed({ kind: 'message', channel: channel.id });
    return {};
  },

  'reactions.remove'(args, state) {
    const { channel, message, name } = reactionTarget(args, state);
    const bot = state.workspace.bot.userId;
    const reaction = message.reactions.find((r) => r.name === name);
    if (reaction === undefined || !reaction.users.includes(bot)) throw new SlackApiError('no_reaction');
    reaction.users = reaction.users.filter((u) => u !== bot);
    message.reactions = message.reactions.filter((r) => r.users.length > 0);
    state.changed({ kind: 'message', channel: channel.id });
    return {};
  },
};

function reactionTarget(args: ApiArgs, state: EmulatorState) {
  const name = requiredStringArg(args, 'name').replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+'-]+$/.test(name)) throw new SlackApiError('invalid_name');
  if (stringArg(args, 'channel') === undefined || stringArg(args, 'timestamp') === undefined) {
    throw new SlackApiError('no_item_specified');
  }
  const channel = existingChannel(state, args);
  const message = existingMessage(state, channel, stringArg(args, 'timestamp'));
  return { channel, message, name };
}
