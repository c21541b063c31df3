import type { Run, RunState } from '@trainops/contracts';
import { mrkdwn, plainText } from './block-kit.ts';
import type { Block, SlackMessage } from './block-kit.ts';
import { formatAge, formatRequester, formatRunState, runStateEmoji, shortRunId } from './format.ts';
import { packLines } from './pack-lines.ts';
import { enforceSlackLimits, escapeMrkdwn, truncateText } from './slack-limits.ts';

export interface RunListFilters {
  project?: string;
  state?: RunState;
  /** Only the asking user's runs. */
  mine?: boolean;
  limit?: number;
}

export interface RunListMessageOptions {
  runs: Run[];
  /** The moment ages are counted from (passed in so the builder stays pure). */
  now: Date;
  filters?: RunListFilters;
  /** The api has more runs than were shown. */
  hasMore?: boolean;
}

const maxProgressLength = 120;
const maxProjectLength = 60;

/** The ephemeral answer to `/runs`: one line per run, newest first as the api sent them. */
export function buildRunListMessage(options: RunListMessageOptions): SlackMessage {
  const { runs, now, filters = {}, hasMore = false } = options;
  const scope = describeFilters(filters);
  const blocks: Block[] = [
    { type: 'header', text: plainText('Training runs') },
    { type: 'context', elements: [mrkdwn(scope)] },
  ];

  if (runs.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(`No runs match. Start one with \`${escapeMrkdwn('/train <project>')}\`.`) });
  } else {
    // Several runs share one section so that 100 runs need a handful of blocks, not 100 of 50.
    blocks.push(...packLines(runs.map((run) => formatRunLine(run, now))));
  }
  if (hasMore) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn('More runs exist: narrow by project or `state=`, or raise `limit=` (up to 100).')],
    });
  }

  const count = runs.length === 1 ? '1 run' : `${runs.length} runs`;
  return enforceSlackLimits({ response_type: 'ephemeral', text: `${count} (${scope})`, blocks });
}

export function formatRunLine(run: Run, now: Date): string {
  const parts = [
    `${runStateEmoji[run.state]} *${escapeMrkdwn(truncateText(run.project, maxProjectLength))}* \`${shortRunId(run.id)}\``,
    formatRunState(run.state),
  ];
  if (run.progress) parts.push(escapeMrkdwn(truncateText(run.progress, maxProgressLength)));
  parts.push(`by ${formatRequester(run.requester)}`, formatAge(run.createdAt, now));
  return parts.join(' · ');
}

function describeFilters(filters: RunListFilters): string {
  const parts = [filters.project ? `project *${escapeMrkdwn(filters.project)}*` : 'all projects'];
  if (filters.state) parts.push(`state *${formatRunState(filters.state)}*`);
  if (filters.mine) parts.push('yours only');
  if (filters.limit !== undefined) parts.push(`newest ${filters.limit}`);
  return parts.join(' · ');
}
