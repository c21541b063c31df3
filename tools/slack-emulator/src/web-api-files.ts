import { findBlockProblems } from './block-kit-limits.ts';
import { withBlockIds } from './block-kit-ids.ts';
import { makeBlockId, type EmulatorState } from './emulator-state.ts';
import { toSlackFile, type StoredFile } from './file-store.ts';
import { isJsonObject } from './json-values.ts';
import type { MethodHandler } from './web-api-chat.ts';
import {
  invalidArguments,
  invalidBlocks,
  jsonArg,
  requiredStringArg,
  SlackApiError,
  stringArg,
  type ApiArgs,
} from './web-api-errors.ts';

// files.getUploadURLExternal → POST the bytes to the upload URL → files.completeUploadExternal,
// the flow `WebClient.files.uploadV2` drives; plus files.info.

export function slackFileOf(state: EmulatorState, file: StoredFile) {
  return toSlackFile(file, { baseUrl: state.baseUrl(), teamId: state.workspace.team.id }, state.workspace.bot.userId);
}

function readFileList(args: ApiArgs): { id: string; title?: string }[] {
  const files = jsonArg(args, 'files', () => invalidArguments(['files must be a JSON array']));
  if (files === undefined) throw invalidArguments(['missing required field: files']);
  if (!Array.isArray(files) || files.length === 0) throw invalidArguments(['files must be a non-empty JSON array']);
  return files.map((entry, i) => {
    if (!isJsonObject(entry) || typeof entry.id !== 'string') throw invalidArguments([`files[${i}].id is required`]);
    return typeof entry.title === 'string' ? { id: entry.id, title: entry.title } : { id: entry.id };
  });
}

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal'(args, state) {
    const filename = requiredStringArg(args, 'filename');
    const lengthText = requiredStringArg(args, 'length');
    const length = Number(lengthText);
    if (!Number.isInteger(length) || length <= 0) throw invalidArguments(['length must be a positive integer']);
    const file = state.files.reserve({
      filename,
      length,
      user: state.workspace.bot.userId,
      ...(stringArg(args, 'alt_text') === undefined ? {} : { altText: stringArg(args, 'alt_text') }),
      ...(stringArg(args, 'snippet_type') === undefined ? {} : { snippetType: stringArg(args, 'snippet_type') }),
    });
    return { upload_url: `${state.baseUrl()}/upload/v1/${file.uploadKey}`, file_id: file.id };
  },

  'files.completeUploadExternal'(args, state) {
    const entries = readFileList(args);
    const files = entries.map((entry) => {
      const file = state.files.get(entry.id);
      // A reserved file whose bytes never arrived is as unknown to Slack as a made-up ID.
      if (file === undefined || file.content === undefined) throw new SlackApiError('file_not_found');
      return { file, title: entry.title };
    });
    const channelId = stringArg(args, 'channel_id') ?? stringArg(args, 'channels');
    const channel = channelId === undefined ? undefined : state.workspace.findChannel(channelId);
    if (channelId !== undefined && channel === undefined) throw new SlackApiError('channel_not_found');
    if (channel !== undefined && !state.workspace.isMember(channel.id, state.workspace.bot.userId)) {
      throw new SlackApiError('not_in_channel');
    }
    const rawBlocks = jsonArg(args, 'blocks', () => new SlackApiError('invalid_blocks_format'));
    if (rawBlocks !== undefined && !Array.isArray(rawBlocks)) throw new SlackApiError('invalid_blocks_format');
    if (rawBlocks !== undefined) {
      const problems = findBlockProblems(rawBlocks, 'message');
      if (problems.length > 0) throw invalidBlocks(problems);
    }
    let threadTs = stringArg(args, 'thread_ts');
    if (threadTs !== undefined && channel !== undefined) {
      const parent = state.messages.find(channel.id, threadTs);
      if (parent === undefined) throw new SlackApiError('thread_not_found');
      threadTs = parent.threadTs ?? parent.ts;
    }

    for (const { file, title } of files) {
      file.completed = true;
      if (title !== undefined) file.title = title;
    }
    if (channel !== undefined) {
      const { bot } = state.workspace;
      const message = state.messages.post({
        channel: channel.id,
        user: bot.userId,
        botId: bot.botId,
        appId: bot.appId,
        text: stringArg(args, 'initial_comment') ?? '',
        ...(rawBlocks === undefined || rawBlocks.length === 0
          ? {}
          : { blocks: withBlockIds(rawBlocks, () => makeBlockId(state)) }),
        ...(threadTs === undefined ? {} : { threadTs }),
        files: [],
      });
      for (const { file } of files) {
        file.shares.push({
          channel: channel.id,
          channelName: channel.name,
          ts: message.ts,
          isPrivate: channel.isPrivate,
          ...(threadTs === undefined ? {} : { threadTs }),
        });
      }
      message.files = files.map(({ file }) => slackFileOf(state, file));
      state.changed({ kind: 'message', channel: channel.id });
    }
    return { files: files.map(({ file }) => slackFileOf(state, file)) };
  },

  'files.info'(args, state) {
    const file = state.files.get(requiredStringArg(args, 'file'));
    if (file === undefined || !file.completed) throw new SlackApiError('file_not_found');
    return { file: slackFileOf(state, file), comments: [], response_metadata: { next_cursor: '' } };
  },
};
