import { mrkdwn } from './block-kit.ts';
import type { Block, SlackMessage } from './block-kit.ts';
import { enforceSlackLimits, escapeMrkdwn } from './slack-limits.ts';

export interface ErrorMessageOptions {
  /** What went wrong, in a few words: "Unknown project". */
  title: string;
  /** The explanation, one line each, plain text (escaped here). */
  lines?: string[];
  /** The syntax that would have worked, shown as code. */
  usage?: string;
  /** A reference the user can quote to us; it is in the logs next to the cause. */
  reference?: string;
}

/** The ephemeral answer when a command cannot be carried out. */
export function buildErrorMessage(options: ErrorMessageOptions): SlackMessage {
  const { title, lines = [], usage, reference } = options;
  const body = [`:warning: *${escapeMrkdwn(title)}*`, ...lines.map(escapeMrkdwn)].join('\n');
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(body) }];
  const hints: string[] = [];
  if (usage) hints.push(`Usage: \`${escapeMrkdwn(usage)}\``);
  if (reference) hints.push(`Reference: \`${escapeMrkdwn(reference)}\``);
  if (hints.length > 0) blocks.push({ type: 'context', elements: hints.map((hint) => mrkdwn(hint)) });

  const text = [title, ...lines].join(' ');
  return enforceSlackLimits({ response_type: 'ephemeral', text: escapeMrkdwn(text), blocks });
}
