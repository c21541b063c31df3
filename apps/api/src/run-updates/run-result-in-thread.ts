import { approveRunActionId, rejectRunActionId, retryRunActionId } from '@trainops/slack-ui';
import type { SlackMessageMetadata } from '../notifier/index.ts';

// A run's result is owed to its Slack thread exactly once. The api records the reply's ts once it
// is out, but it can crash between Slack taking the message and that write. So before a
// restarted api sends a result it still owes, it reads the thread: a reply that already carries
// this run's result (found by the message metadata we post with it, or — for replies posted
// before metadata was added — by a decision or Retry button carrying the run id) settles it.

export const runFinishedEventType = 'trainops_run_finished';

/** The metadata that marks a thread reply as the final result of `runId`. */
export function runFinishedMetadata(runId: string): SlackMessageMetadata {
  return { event_type: runFinishedEventType, event_payload: { run_id: runId } };
}

interface ThreadMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  blocks?: Array<{ type?: string; elements?: Array<{ action_id?: string; value?: string }> }>;
  files?: Array<{ id?: string; name?: string }>;
}

/** conversations.replies, as @slack/web-api's WebClient offers it. */
export interface ThreadReader {
  conversations: {
    replies(args: { channel: string; ts: string; limit?: number; cursor?: string; include_all_metadata?: boolean }): Promise<{
      messages?: ThreadMessage[];
      has_more?: boolean;
      response_metadata?: { next_cursor?: string };
    }>;
  };
}

export interface RunResultInThread {
  /** The reply that already carries the result, if any. */
  resultTs: string | null;
  /** A chart already uploaded into the thread, to be linked instead of uploaded again. */
  chartFileId: string | null;
}

const resultButtons = new Set([approveRunActionId, rejectRunActionId, retryRunActionId]);
// Threads are short (a card, a chart, a result); the cap only guards against a runaway thread.
const maxPages = 20;

export async function findRunResultInThread(
  reader: ThreadReader,
  where: { channel: string; threadTs: string; runId: string; chartFilename: string },
): Promise<RunResultInThread> {
  const found: RunResultInThread = { resultTs: null, chartFileId: null };
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await reader.conversations.replies({
      channel: where.channel,
      ts: where.threadTs,
      limit: 200,
      include_all_metadata: true,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const message of answer.messages ?? []) {
      if (message.ts === where.threadTs) continue;
      if (found.resultTs === null && carriesResultOf(message, where.runId)) found.resultTs = message.ts ?? null;
      const chart = message.files?.find((file) => file.name === where.chartFilename && file.id !== undefined);
      if (found.chartFileId === null && chart?.id !== undefined) found.chartFileId = chart.id;
    }
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!answer.has_more || cursor === undefined) break;
  }
  return found;
}

function carriesResultOf(message: ThreadMessage, runId: string): boolean {
  if (message.metadata?.event_type === runFinishedEventType && message.metadata.event_payload?.['run_id'] === runId) return true;
  return (message.blocks ?? []).some(
    (block) => block.type === 'actions' && (block.elements ?? []).some((element) => resultButtons.has(element.action_id ?? '') && element.value === runId),
  );
}
