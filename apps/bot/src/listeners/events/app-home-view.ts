import type { Run } from '@trainops/contracts';
import { escapeMrkdwn, formatRunLine, limitBlock, mrkdwn, plainText, truncateText } from '@trainops/slack-ui';
import type { Block } from '@trainops/slack-ui';

// The App Home tab: a person's latest runs and how to start one. Pure: facts in, a `home` view
// out. Rebuilt whole each time the tab is opened (views.publish replaces the previous view).

export interface AppHomeView {
  type: 'home';
  blocks: Block[];
}

export interface AppHomeViewOptions {
  /** The person's latest runs, newest first; more than `appHomeRunLimit` are not shown. */
  runs: readonly Run[];
  /** The api has older runs of this person. */
  hasMore: boolean;
  /** The moment ages are counted from (passed in so the builder stays pure). */
  now: Date;
  /** Why the runs could not be loaded; the rest of the tab is still shown. */
  unavailable?: string;
}

export const appHomeRunLimit = 10;
// Slack allows 100 blocks in a home view; this one never needs more than 9 plus one per run.
export const appHomeMaxBlocks = 100;

// Written as mrkdwn, already escaped: `<project>` would otherwise read as a Slack link.
const helpLines = [
  '`/train &lt;project&gt; [key=value …]` starts a training run, e.g. `/train pcb-defect epochs=50`.',
  '`/runs [project] [state=…] [mine]` lists runs; `/train help` explains every parameter.',
  'Each run reports in its project’s channel: a card that follows it, with *Cancel* while it runs, and *Retry* or *Approve* / *Reject* in its thread when it ends.',
];

export function buildAppHomeView(options: AppHomeViewOptions): AppHomeView {
  const runs = options.runs.slice(0, appHomeRunLimit);
  const blocks: Block[] = [
    { type: 'header', text: plainText('trainops') },
    { type: 'section', text: mrkdwn('Train YOLO models from Slack.') },
    { type: 'section', text: mrkdwn(helpLines.map((line) => `• ${line}`).join('\n')) },
    { type: 'divider' },
    { type: 'header', text: plainText('Your latest runs') },
  ];

  if (options.unavailable !== undefined) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`:warning: Your runs could not be loaded: ${escapeMrkdwn(truncateText(options.unavailable, 1_000))}`),
    });
  } else if (runs.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn('You have not started any runs yet. Try `/train &lt;project&gt;` in a channel.') });
  } else {
    for (const run of runs) blocks.push({ type: 'section', text: mrkdwn(formatRunLine(run, options.now)) });
    if (options.hasMore || options.runs.length > runs.length) {
      blocks.push({
        type: 'context',
        elements: [mrkdwn(`Your ${appHomeRunLimit} latest runs. \`/runs mine limit=50\` lists more.`)],
      });
    }
  }

  return {
    type: 'home',
    blocks: blocks
      .map(limitBlock)
      .filter((block): block is Block => block !== undefined)
      .slice(0, appHomeMaxBlocks),
  };
}
