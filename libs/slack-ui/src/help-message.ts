import { mrkdwn, plainText } from './block-kit.ts';
import type { Block, SlackMessage } from './block-kit.ts';
import { packLines } from './pack-lines.ts';
import { enforceSlackLimits, escapeMrkdwn } from './slack-limits.ts';

export interface HelpTopic {
  /**
   * The command's help as the product writes it (`chatCommandHelp` in contracts): Slack mrkdwn
   * with `*bold*` and `code`, where `<`, `>` and `&` are meant literally and are escaped here.
   */
  help: string;
  /** Plain text shown first and in bold, e.g. that the command is not available yet. */
  notice?: string;
}

export interface HelpMessageOptions {
  topics: HelpTopic[];
  /** Header text; default "trainops help". */
  title?: string;
}

/** Help for one or more commands. */
export function buildHelpMessage(options: HelpMessageOptions): SlackMessage {
  const { topics, title = 'trainops help' } = options;
  const blocks: Block[] = [{ type: 'header', text: plainText(title) }];
  topics.forEach((topic, index) => {
    if (index > 0) blocks.push({ type: 'divider' });
    if (topic.notice) {
      blocks.push({ type: 'section', text: mrkdwn(`:construction: *${escapeMrkdwn(topic.notice)}*`) });
    }
    blocks.push(...packLines(escapeMrkdwn(topic.help).split('\n')));
  });

  const first = topics[0];
  const firstLine = (topic: HelpTopic) => escapeMrkdwn(topic.help.split('\n')[0] ?? '');
  const text =
    topics.length === 1 && first
      ? [first.notice ? escapeMrkdwn(first.notice) : '', firstLine(first)].filter(Boolean).join(' ')
      : `${escapeMrkdwn(title)}: ${topics.map(firstLine).join(' ')}`;
  return enforceSlackLimits({ response_type: 'ephemeral', text, blocks });
}
