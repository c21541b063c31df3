import { withBlockIds } from './block-kit-ids.ts';
import { findBlockProblems } from './block-kit-limits.ts';
import type { MessageContent } from './message-store.ts';
import { invalidBlocks, jsonArg, SlackApiError, stringArg, type ApiArgs } from './web-api-errors.ts';

// The `text` and `blocks` of a message, checked as chat.postMessage checks them. Shared by the
// Web API methods and by response_url posts, which accept the same message payload.

/** Slack refuses message text longer than this with `msg_too_long`. */
export const maxMessageTextLength = 40_000;

export interface ReadContentOptions {
  makeBlockId: () => string;
  /** For updates: what to keep when `text` or `blocks` is not given. */
  previous?: MessageContent;
}

export function readMessageContent(args: ApiArgs, options: ReadContentOptions): MessageContent {
  const text = stringArg(args, 'text');
  const rawBlocks = jsonArg(args, 'blocks', () => new SlackApiError('invalid_blocks_format'));
  if (rawBlocks !== undefined && !Array.isArray(rawBlocks)) throw new SlackApiError('invalid_blocks_format');
  if (text !== undefined && text.length > maxMessageTextLength) throw new SlackApiError('msg_too_long');
  if (rawBlocks !== undefined) {
    const problems = findBlockProblems(rawBlocks, 'message');
    if (problems.length > 0) throw invalidBlocks(problems);
  }
  if (text === undefined && rawBlocks === undefined) throw new SlackApiError('no_text');
  const previous = options.previous;
  let blocks: unknown[] | undefined;
  if (rawBlocks === undefined) blocks = previous?.blocks;
  else if (rawBlocks.length > 0) blocks = withBlockIds(rawBlocks, options.makeBlockId);
  const content: MessageContent = { text: text ?? previous?.text ?? '' };
  if (content.text === '' && blocks === undefined) throw new SlackApiError('no_text');
  if (blocks !== undefined) content.blocks = blocks;
  return content;
}
