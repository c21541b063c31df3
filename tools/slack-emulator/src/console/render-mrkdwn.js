import { emojify } from './emoji.js';

// Slack's mrkdwn, rendered to HTML the way the Slack clients show it: *bold*, _italic_, ~strike~,
// `code`, ```pre```, > quotes, <url|links>, <@U…> and <#C…> mentions, <!here>, user groups,
// dates, and :emoji:. Text arrives escaped (&amp; &lt; &gt;) as Slack requires of senders.
// Pure string work, no DOM, so the same module runs in the page and in the tests.

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Whether a URL may be shown as a link: web and mail addresses only, never javascript: and the like. */
export function isSafeUrl(url) {
  return /^(https?:\/\/|mailto:)/i.test(url);
}

/** Plain text as Slack shows it: escaped, line breaks kept, emoji shortcodes unless `emoji` is false. */
export function renderPlainText(text, emoji = true) {
  const escaped = escapeHtml(text ?? '').replace(/\n/g, '<br>');
  return emoji ? emojify(escaped) : escaped;
}

/**
 * @param {string} text mrkdwn as sent to Slack
 * @param {{ userName?: (id: string) => string | undefined, channelName?: (id: string) => string | undefined, groupHandle?: (id: string) => string | undefined }} [lookup]
 */
export function renderMrkdwn(text, lookup = {}) {
  const parts = String(text ?? '').split('```');
  if (parts.length % 2 === 0) {
    // An unclosed fence is literal text, as in Slack.
    const last = parts.pop() ?? '';
    parts[parts.length - 1] += '```' + last;
  }
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<pre class="mrkdwn-pre">${escapeHtml(decodeEntities(part.replace(/^\n/, '')))}</pre>`;
      return renderLines(part, lookup);
    })
    .join('');
}

function renderLines(text, lookup) {
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<blockquote class="mrkdwn-quote">${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const quoted = /^(?:>|&gt;)\s?(.*)$/.exec(line);
    if (quoted !== null) {
      quote.push(renderInline(quoted[1] ?? '', lookup));
      return;
    }
    flush();
    out.push(renderInline(line, lookup) + (i < lines.length - 1 ? '<br>' : ''));
  });
  flush();
  return out.join('');
}

function renderInline(text, lookup) {
  const tokens = [];
  const hold = (html) => {
    tokens.push(html);
    return `\u0000${tokens.length - 1}\u0000`;
  };
  let work = text.replace(/`([^`\n]+)`|<([^<>\n]+)>/g, (_, code, special) =>
    code !== undefined
      ? hold(`<code class="mrkdwn-code">${escapeHtml(decodeEntities(code))}</code>`)
      : hold(renderSpecial(special, lookup)),
  );
  work = escapeHtml(decodeEntities(work));
  work = applyFormat(work, '\\*', 'b');
  work = applyFormat(work, '_', 'i');
  work = applyFormat(work, '~', 's');
  work = emojify(work);
  return work.replace(/\u0000(\d+)\u0000/g, (_, index) => tokens[Number(index)] ?? '');
}

function applyFormat(html, marker, tag) {
  // Like Slack: the markers must hug the text and sit at word boundaries (so snake_case stays).
  const pattern = new RegExp(`(^|[^\\w${marker}])${marker}(?=\\S)([^\\n]*?\\S)${marker}(?=$|[^\\w${marker}])`, 'g');
  return html.replace(pattern, `$1<${tag}>$2</${tag}>`);
}

function renderSpecial(special, lookup) {
  const [target = '', label] = splitOnce(special, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = label ?? lookup.userName?.(id) ?? id;
    return `<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = label ?? lookup.channelName?.(id) ?? id;
    return `<span class="mention channel">#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('!')) {
    const command = target.slice(1);
    if (command === 'here' || command === 'channel' || command === 'everyone') {
      return `<span class="mention broadcast">@${command}</span>`;
    }
    if (command.startsWith('subteam^')) {
      const id = command.slice('subteam^'.length);
      const handle = label?.replace(/^@/, '') ?? lookup.groupHandle?.(id) ?? id;
      return `<span class="mention group">@${escapeHtml(handle)}</span>`;
    }
    if (command.startsWith('date^')) return escapeHtml(decodeEntities(label ?? command.split('^')[1] ?? ''));
    return escapeHtml(decodeEntities(label ?? command));
  }
  const url = decodeEntities(target);
  const text = label === undefined ? url : decodeEntities(label);
  if (!isSafeUrl(url)) return escapeHtml(`<${special}>`);
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${emojify(escapeHtml(text))}</a>`;
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
