import { escapeMrkdwn, slackLimits, truncateText } from './slack-limits.ts';

// A mrkdwn link `<url|label>`. The URL must not contain the characters that end the link token
// (`|`, `>`) or open another (`<`): they are percent-encoded, which any web server reads the same.
// `&` is escaped as Slack asks for all text and decodes again inside links.

const maxLabelLength = 80;

/** The link as mrkdwn, or undefined when the URL is too long to fit in any text Slack accepts. */
export function formatLink(url: string, label: string): string | undefined {
  const safeUrl = url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  const safeLabel = escapeMrkdwn(truncateText(label.replace(/\s+/g, ' ').trim() || url, maxLabelLength));
  const link = `<${safeUrl}|${safeLabel}>`;
  // A cut link would lead somewhere wrong; better none. Room is left for the text around it.
  return link.length > slackLimits.contextText - 200 ? undefined : link;
}
