import type { ParameterValue, RunState } from '@trainops/contracts';
import { escapeMrkdwn, truncateText } from './slack-limits.ts';

// Small text pieces several messages share. All return mrkdwn that is safe to embed: anything a
// user or the api wrote is escaped, so `<!channel>` in a parameter cannot ping anyone.

export const runStateEmoji: Record<RunState, string> = {
  queued: ':hourglass_flowing_sand:',
  submitted: ':inbox_tray:',
  running: ':arrows_counterclockwise:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  error: ':warning:',
  cancelled: ':no_entry_sign:',
  pending_approval: ':raised_hand:',
  promoted: ':rocket:',
  rejected: ':wastebasket:',
};

/** How people read a state: `pending_approval` → "pending approval". */
export function formatRunState(state: RunState): string {
  return state.replace(/_/g, ' ');
}

/** The first block of a UUID: enough to tell runs apart in a channel. */
export function shortRunId(id: string): string {
  return id.split('-')[0]?.slice(0, 8) || id.slice(0, 8);
}

const slackUserId = /^[UW][A-Z0-9]{2,}$/;

/** A Slack user id becomes a mention; anything else (a scheduler, a CI client) stays plain text. */
export function formatRequester(requester: string): string {
  return slackUserId.test(requester) ? `<@${requester}>` : escapeMrkdwn(truncateText(requester, 80));
}

export function formatParameterValue(value: ParameterValue): string {
  return escapeMrkdwn(String(value));
}

/** "just now", "12 min ago", "5 h ago", "3 d ago"; a future time (clock skew) reads "just now". */
export function formatAge(from: Date | string, now: Date): string {
  const seconds = Math.floor((now.getTime() - new Date(from).getTime()) / 1_000);
  if (!Number.isFinite(seconds) || seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}
