import { mrkdwn } from './block-kit.ts';
import type { SectionBlock } from './block-kit.ts';
import { slackLimits, truncateMrkdwn } from './slack-limits.ts';

/**
 * Lines of mrkdwn as few sections as the section text limit allows, so long lists and help
 * texts take a handful of blocks rather than one block per line. A single line longer than a
 * section is cut.
 */
export function packLines(lines: readonly string[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    const safeLine = truncateMrkdwn(line, slackLimits.sectionText);
    if (current !== '' && current.length + 1 + safeLine.length > slackLimits.sectionText) {
      blocks.push({ type: 'section', text: mrkdwn(current) });
      current = '';
    }
    current = current === '' ? safeLine : `${current}\n${safeLine}`;
  }
  if (current !== '') blocks.push({ type: 'section', text: mrkdwn(current) });
  return blocks;
}
