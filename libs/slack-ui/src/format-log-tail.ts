import { escapeMrkdwn, slackLimits, truncateText } from './slack-limits.ts';

// The end of a failed step's log as a mrkdwn code block that fits in one section. Lines are taken
// from the end (the error is nearly always last) until the block is full; the caller compares
// shownLines with totalLines and uploads the whole log as a file when some were left out.

export const logTailMaxLines = 30;
const maxLineLength = 400;
const fence = '```';

export interface FormattedLogTail {
  /** A complete code block, or undefined when there are no lines. */
  text: string | undefined;
  shownLines: number;
  totalLines: number;
}

export function formatLogTail(logTail: readonly string[], maxLength: number = slackLimits.sectionText): FormattedLogTail {
  // Logs may carry ANSI colours and carriage-return progress bars; only the final state of a line matters.
  const lines = logTail.flatMap((line) => line.split(/\r?\n/)).map(cleanLine);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const room = maxLength - fence.length * 2 - 2;
  const kept: string[] = [];
  let length = 0;
  for (let index = lines.length - 1; index >= 0 && kept.length < logTailMaxLines; index -= 1) {
    const line = lines[index] ?? '';
    if (length + line.length + 1 > room) break;
    kept.unshift(line);
    length += line.length + 1;
  }
  if (kept.length === 0) return { text: undefined, shownLines: 0, totalLines: lines.length };
  return { text: `${fence}\n${kept.join('\n')}\n${fence}`, shownLines: kept.length, totalLines: lines.length };
}

function cleanLine(raw: string): string {
  const withoutAnsi = raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  const afterCarriageReturn = withoutAnsi.slice(withoutAnsi.lastIndexOf('\r') + 1);
  // Three backticks inside the log would end the code block early.
  const safe = afterCarriageReturn.replace(/```/g, '`\u200b`\u200b`').replace(/\s+$/u, '');
  return escapeMrkdwn(truncateText(safe, maxLineLength));
}
