import { mrkdwn } from './block-kit.ts';
import type { Block, SlackMessage } from './block-kit.ts';
import { enforceSlackLimits, escapeMrkdwn } from './slack-limits.ts';

export interface ErrorMessageOptions {
  /** What went wrong, in a few words: "Unknown project". */
  title: string;
  /**
   * The explanation, one line each, plain text (escaped here). Mentions of a person or a user
   * group by id (`<@U…>`, `<!subteam^S…>`, as the api writes them) stay mentions: the message
   * is ephemeral, so they notify no one, and a name reads better than an escaped id.
   */
  lines?: string[];
  /** The syntax that would have worked, shown as code. */
  usage?: string;
  /** A reference the user can quote to us; it is in the logs next to the cause. */
  reference?: string;
}

/** The ephemeral answer when a command cannot be carried out. */
export function buildErrorMessage(options: ErrorMessageOptions): SlackMessage {
  const { title, lines = [], usage, reference } = options;
  const body = [`:warning: *${escapeMrkdwn(title)}*`, ...lines.map(escapeKeepingMentions)].join('\n');
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(body) }];
  const hints: string[] = [];
  if (usage) hints.push(`Usage: \`${escapeMrkdwn(usage)}\``);
  if (reference) hints.push(`Reference: \`${escapeMrkdwn(reference)}\``);
  if (hints.length > 0) blocks.push({ type: 'context', elements: hints.map((hint) => mrkdwn(hint)) });

  const text = [title, ...lines].join(' ');
  return enforceSlackLimits({ response_type: 'ephemeral', text: escapeKeepingMentions(text), blocks });
}

// Only these exact shapes come back; `<!here>`, `<!channel>` and links stay escaped.
const escapedMention = /&lt;(@[UW][A-Z0-9]{2,}|!subteam\^S[A-Z0-9]{2,})&gt;/g;

function escapeKeepingMentions(text: string): string {
  return escapeMrkdwn(text).replace(escapedMention, '<$1>');
}
