import { isFinishedRunState, RunStateSchema, type RunState } from '@trainops/contracts';
import type { ApiCallRecord } from '@trainops/slack-emulator';

// Reads the Slack stand-in's Web API call log for one run and answers the benchmark's questions:
// how many posts, card edits and uploads the run cost, how close together the edits came, and how
// many edits carried a final state. Pure: the bench script fetches the log and prints the result.

/** The product's target (issue text): at most one card edit per this much run time. */
export const targetEditWindowMs = 5000;

export interface RunCard {
  channel: string;
  ts: string;
}

export interface RunSlackCallsOptions {
  /** Bot-token calls made after the command was sent, oldest first. */
  calls: ApiCallRecord[];
  card: RunCard;
}

export interface RunSlackCallsReport {
  /** Card creation (its chat.postMessage) → the first edit that showed a final state. */
  runSeconds: number;
  callsByMethod: Record<string, number>;
  chatPostMessage: { total: number; card: number; threadReplies: number; other: number };
  chatUpdate: { total: number; cardEdits: number; rateLimited: number; failed: number; otherMessages: number };
  /** Completed uploads (files.completeUploadExternal into the run's thread). */
  fileUploads: number;
  cardEdits: number;
  editsPer5sOfRunTime: number;
  /** Between two delivered card edits, as the stand-in received them; null with fewer than two. */
  shortestEditGapMs: number | null;
  /** From the card's post to its first edit: the interval counts from the post too. */
  postToFirstEditMs: number | null;
  /** Card states in edit order, consecutive repeats folded: shows what the card went through. */
  cardStates: string[];
  finalStateEdits: number;
  targets: { editsPer5sOfRunTime: string; finalStateEdits: string; shortestEditGapMs: string };
  pass: { editsPer5sOfRunTime: boolean; finalStateEdits: boolean; shortestEditGapMs: boolean; all: boolean };
}

export function summariseRunSlackCalls({ calls, card }: RunSlackCallsOptions): RunSlackCallsReport {
  const inCard = (record: ApiCallRecord) => argument(record, 'channel') === card.channel || argument(record, 'channel_id') === card.channel;
  const posts = calls.filter((record) => record.method === 'chat.postMessage');
  const updates = calls.filter((record) => record.method === 'chat.update');
  const delivered = (record: ApiCallRecord) => record.ok && record.status === 200;

  // Slack answers the card's post with its ts, which the log does not keep; the card post is the
  // delivered top-level post whose text names the same run as the card's edits.
  const cardEdits = updates.filter((record) => delivered(record) && inCard(record) && argument(record, 'ts') === card.ts);
  const cardPosts = findCardPosts(posts.filter((record) => delivered(record) && inCard(record) && argument(record, 'thread_ts') === undefined), cardEdits);
  const cardPost = cardPosts[0] as ApiCallRecord;
  const threadReplies = posts.filter((record) => delivered(record) && argument(record, 'thread_ts') === card.ts);

  const editStates = cardEdits.map((record) => cardStateOf(String(record.args.text ?? '')));
  const finalEdits = cardEdits.filter((_, index) => isFinishedRunState(editStates[index] ?? 'running'));
  const firstFinal = finalEdits[0];
  if (firstFinal === undefined) throw new Error(`no edit of card ${card.ts} shows a final state (states seen: ${editStates.join(', ') || 'none'})`);

  const editTimes = cardEdits.map((record) => Date.parse(record.at));
  const gaps = editTimes.slice(1).map((time, index) => time - (editTimes[index] as number));
  const postedAt = Date.parse(cardPost.at);
  const runMs = Date.parse(firstFinal.at) - postedAt;
  const editsPer5s = cardEdits.length / (runMs / targetEditWindowMs);
  const shortestGap = gaps.length === 0 ? null : Math.min(...gaps);

  const pass = {
    editsPer5sOfRunTime: editsPer5s <= 1,
    finalStateEdits: finalEdits.length === 1,
    // Implied by the first target for any stretch of the run, not only on average.
    shortestEditGapMs: shortestGap === null || shortestGap >= targetEditWindowMs,
  };
  return {
    runSeconds: round(runMs / 1000, 1),
    callsByMethod: countBy(calls, (record) => record.method),
    chatPostMessage: {
      total: posts.length,
      // More than one would be a duplicated card.
      card: cardPosts.length,
      threadReplies: threadReplies.length,
      other: posts.length - cardPosts.length - threadReplies.length,
    },
    chatUpdate: {
      total: updates.length,
      cardEdits: cardEdits.length,
      rateLimited: updates.filter((record) => record.status === 429).length,
      failed: updates.filter((record) => !record.ok && record.status !== 429).length,
      otherMessages: updates.filter((record) => delivered(record) && argument(record, 'ts') !== card.ts).length,
    },
    fileUploads: calls.filter((record) => record.method === 'files.completeUploadExternal' && delivered(record) && argument(record, 'thread_ts') === card.ts).length,
    cardEdits: cardEdits.length,
    editsPer5sOfRunTime: round(editsPer5s, 2),
    shortestEditGapMs: shortestGap,
    postToFirstEditMs: editTimes[0] === undefined ? null : editTimes[0] - postedAt,
    cardStates: editStates.filter((state, index) => state !== editStates[index - 1]),
    finalStateEdits: finalEdits.length,
    targets: { editsPer5sOfRunTime: '≤ 1', finalStateEdits: 'exactly 1', shortestEditGapMs: `≥ ${targetEditWindowMs}` },
    pass: { ...pass, all: pass.editsPer5sOfRunTime && pass.finalStateEdits && pass.shortestEditGapMs },
  };
}

/**
 * The run state a card's fallback text names: "Training run 1a2b3c4d of pcb-defect: running
 * (train 12/50)" → running. A text that names none throws, so a change to the card's wording
 * stops the benchmark instead of quietly counting no final edits.
 */
export function cardStateOf(text: string): RunState {
  const words = /^\w+ run \S+ of .*: ([a-z ]+?)(?: \(.*\))?$/s.exec(text)?.[1];
  const state = RunStateSchema.safeParse(words?.replace(/ /g, '_'));
  if (!state.success) throw new Error(`cannot tell the run state from the card text ${JSON.stringify(text)}`);
  return state.data;
}

/** The run's short id as the card text shows it ("… run 1a2b3c4d of …"). */
function runNameOf(text: string): string | undefined {
  return /^\w+ run (\S+) of /.exec(text)?.[1];
}

/** The top-level posts that show the card's run, oldest (the card's creation) first; never empty. */
function findCardPosts(topLevelPosts: ApiCallRecord[], cardEdits: ApiCallRecord[]): ApiCallRecord[] {
  const name = runNameOf(String(cardEdits[0]?.args.text ?? ''));
  const posts = topLevelPosts.filter((record) => name !== undefined && runNameOf(String(record.args.text ?? '')) === name);
  if (posts.length === 0) throw new Error(`no chat.postMessage created the card of run ${name ?? '(no card edits to name it)'}`);
  return posts;
}

function argument(record: ApiCallRecord, name: string): string | undefined {
  const value = record.args[name];
  return typeof value === 'string' ? value : undefined;
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
