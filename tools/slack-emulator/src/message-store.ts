import type { SlackFileObject } from './file-store.ts';

// Messages as Slack keeps them: per channel, ordered by `ts`, replies pointing at their parent by
// `thread_ts`, every edit kept so tests can count how often a card was rewritten. Ephemeral
// messages live apart: only their recipient ever sees them and no Web API method can read them.

export interface MessageContent {
  text: string;
  blocks?: unknown[];
}

export interface MessageEdit extends MessageContent {
  /** When the previous content was replaced. */
  replacedAt: string;
}

export interface StoredMessage extends MessageContent {
  channel: string;
  ts: string;
  user: string;
  botId?: string;
  appId?: string;
  threadTs?: string;
  /** A reply that was also sent to the channel (`reply_broadcast`). */
  broadcast: boolean;
  files?: SlackFileObject[];
  subtype?: string;
  metadata?: unknown;
  /** Sent with `mrkdwn: false`: the text is shown as written, without formatting. */
  plainText?: boolean;
  /** Earlier versions, oldest first. */
  edits: MessageEdit[];
  edited?: { user: string; ts: string };
  reactions: { name: string; users: string[] }[];
}

export interface StoredEphemeral extends MessageContent {
  channel: string;
  ts: string;
  /** Who sees it. */
  recipient: string;
  /** Who wrote it: the bot user, or Slackbot for Slack's own notices. */
  user: string;
  botId?: string;
  appId?: string;
  threadTs?: string;
  edits: MessageEdit[];
}

export type NewMessage = Omit<StoredMessage, 'ts' | 'edits' | 'reactions' | 'broadcast'> & { broadcast?: boolean };
export type NewEphemeral = Omit<StoredEphemeral, 'ts' | 'edits'>;

/** A message in the shape the Web API returns it. */
export type SlackMessage = Record<string, unknown> & { type: 'message'; ts: string; text: string };

/** What the test API and the console show for one channel. */
export interface ChannelMessages {
  channel: { id: string; name: string };
  /** Top-level messages (and broadcast replies), oldest first, each with its replies. */
  messages: (SlackMessage & { edits: number; replies: (SlackMessage & { edits: number })[] })[];
  /** Ephemeral messages by recipient user ID, oldest first. */
  ephemeral: Record<string, (SlackMessage & { edits: number; recipient: string; is_ephemeral: true })[]>;
}

export interface BotIdentity {
  teamId: string;
  botUserId: string;
  botId: string;
  appId: string;
  botName: string;
}

export interface MessageStore {
  post(message: NewMessage): StoredMessage;
  find(channel: string, ts: string): StoredMessage | undefined;
  update(channel: string, ts: string, content: MessageContent, editedBy?: string): StoredMessage | undefined;
  remove(channel: string, ts: string): boolean;
  postEphemeral(message: NewEphemeral): StoredEphemeral;
  findEphemeral(channel: string, ts: string): StoredEphemeral | undefined;
  replaceEphemeral(channel: string, ts: string, content: MessageContent): StoredEphemeral | undefined;
  removeEphemeral(channel: string, ts: string): boolean;
  /** Top-level messages of a channel, newest first, as conversations.history returns them. */
  history(channel: string): StoredMessage[];
  /** A thread: the parent then its replies, oldest first. */
  thread(channel: string, threadTs: string): StoredMessage[];
  toSlackMessage(message: StoredMessage): SlackMessage;
  view(channel: { id: string; name: string }): ChannelMessages;
  clear(): void;
}

export function createMessageStore(identity: BotIdentity, nextTs: () => string, now: () => number = Date.now): MessageStore {
  let messages = new Map<string, StoredMessage[]>();
  let ephemerals = new Map<string, StoredEphemeral[]>();

  const listOf = (channel: string): StoredMessage[] => messages.get(channel) ?? [];
  const ephemeralOf = (channel: string): StoredEphemeral[] => ephemerals.get(channel) ?? [];

  function repliesOf(channel: string, threadTs: string): StoredMessage[] {
    return listOf(channel).filter((m) => m.threadTs === threadTs && m.ts !== threadTs);
  }

  function toSlackMessage(message: StoredMessage): SlackMessage {
    const out: SlackMessage = { type: 'message', text: message.text, user: message.user, ts: message.ts, team: identity.teamId };
    if (message.subtype !== undefined) out.subtype = message.subtype;
    if (message.botId !== undefined) {
      out.bot_id = message.botId;
      out.app_id = message.appId;
      out.bot_profile = {
        id: message.botId,
        app_id: message.appId,
        name: identity.botName,
        icons: {},
        deleted: false,
        team_id: identity.teamId,
      };
    }
    if (message.blocks !== undefined) out.blocks = structuredClone(message.blocks);
    if (message.files !== undefined) {
      out.files = structuredClone(message.files);
      out.upload = true;
    }
    if (message.metadata !== undefined) out.metadata = structuredClone(message.metadata);
    if (message.edited !== undefined) out.edited = { ...message.edited };
    if (message.reactions.length > 0) {
      out.reactions = message.reactions.map((r) => ({ name: r.name, users: [...r.users], count: r.users.length }));
    }
    if (message.threadTs !== undefined && message.threadTs !== message.ts) {
      out.thread_ts = message.threadTs;
      const parent = listOf(message.channel).find((m) => m.ts === message.threadTs);
      if (parent !== undefined) out.parent_user_id = parent.user;
    } else {
      const replies = repliesOf(message.channel, message.ts);
      if (replies.length > 0) {
        const replyUsers = [...new Set(replies.map((r) => r.user))];
        Object.assign(out, {
          thread_ts: message.ts,
          reply_count: replies.length,
          reply_users_count: replyUsers.length,
          reply_users: replyUsers,
          latest_reply: replies[replies.length - 1]?.ts,
        });
      }
    }
    return out;
  }

  function ephemeralToSlack(message: StoredEphemeral): SlackMessage & { edits: number; recipient: string; is_ephemeral: true } {
    const out: SlackMessage & { edits: number; recipient: string; is_ephemeral: true } = {
      type: 'message',
      text: message.text,
      user: message.user,
      ts: message.ts,
      channel: message.channel,
      recipient: message.recipient,
      is_ephemeral: true,
      edits: message.edits.length,
    };
    if (message.botId !== undefined) {
      out.bot_id = message.botId;
      out.app_id = message.appId;
    }
    if (message.blocks !== undefined) out.blocks = structuredClone(message.blocks);
    if (message.threadTs !== undefined) out.thread_ts = message.threadTs;
    return out;
  }

  function snapshot(content: MessageContent): MessageEdit {
    const edit: MessageEdit = { text: content.text, replacedAt: new Date(now()).toISOString() };
    if (content.blocks !== undefined) edit.blocks = content.blocks;
    return edit;
  }

  return {
    post(input) {
      const message: StoredMessage = { ...input, broadcast: input.broadcast ?? false, ts: nextTs(), edits: [], reactions: [] };
      messages.set(input.channel, [...listOf(input.channel), message]);
      return message;
    },
    find: (channel, ts) => listOf(channel).find((m) => m.ts === ts),
    update(channel, ts, content, editedBy) {
      const message = listOf(channel).find((m) => m.ts === ts);
      if (message === undefined) return undefined;
      message.edits.push(snapshot(message));
      message.text = content.text;
      if (content.blocks === undefined) delete message.blocks;
      else message.blocks = content.blocks;
      if (editedBy !== undefined) message.edited = { user: editedBy, ts: nextTs() };
      return message;
    },
    remove(channel, ts) {
      const list = listOf(channel);
      // Deleting a parent takes its replies with it, as the Slack clients show it.
      const remaining = list.filter((m) => m.ts !== ts && m.threadTs !== ts);
      messages.set(channel, remaining);
      return remaining.length !== list.length;
    },
    postEphemeral(input) {
      const message: StoredEphemeral = { ...input, ts: nextTs(), edits: [] };
      ephemerals.set(input.channel, [...ephemeralOf(input.channel), message]);
      return message;
    },
    findEphemeral: (channel, ts) => ephemeralOf(channel).find((m) => m.ts === ts),
    replaceEphemeral(channel, ts, content) {
      const message = ephemeralOf(channel).find((m) => m.ts === ts);
      if (message === undefined) return undefined;
      message.edits.push(snapshot(message));
      message.text = content.text;
      if (content.blocks === undefined) delete message.blocks;
      else message.blocks = content.blocks;
      return message;
    },
    removeEphemeral(channel, ts) {
      const list = ephemeralOf(channel);
      const remaining = list.filter((m) => m.ts !== ts);
      ephemerals.set(channel, remaining);
      return remaining.length !== list.length;
    },
    history: (channel) =>
      listOf(channel)
        .filter((m) => m.threadTs === undefined || m.threadTs === m.ts || m.broadcast)
        .reverse(),
    thread(channel, threadTs) {
      const parent = listOf(channel).find((m) => m.ts === threadTs);
      return parent === undefined ? [] : [parent, ...repliesOf(channel, threadTs)];
    },
    toSlackMessage,
    view(channel) {
      const list = listOf(channel.id);
      const topLevel = list.filter((m) => m.threadTs === undefined || m.threadTs === m.ts || m.broadcast);
      const ephemeral: ChannelMessages['ephemeral'] = {};
      for (const message of ephemeralOf(channel.id)) {
        (ephemeral[message.recipient] ??= []).push(ephemeralToSlack(message));
      }
      return {
        channel: { id: channel.id, name: channel.name },
        messages: topLevel.map((m) => {
          const isReply = m.threadTs !== undefined && m.threadTs !== m.ts;
          const base = toSlackMessage(m);
          if (isReply) base.subtype = 'thread_broadcast';
          if (m.plainText === true) base.mrkdwn = false;
          return {
            ...base,
            edits: m.edits.length,
            replies: isReply
              ? []
              : repliesOf(channel.id, m.ts).map((r) => ({ ...toSlackMessage(r), ...(r.plainText === true ? { mrkdwn: false } : {}), edits: r.edits.length })),
          };
        }),
        ephemeral,
      };
    },
    clear() {
      messages = new Map();
      ephemerals = new Map();
    },
  };
}
