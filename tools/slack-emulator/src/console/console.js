import { isLoopback, renderBlocks, renderText } from './render-blocks.js';
import { escapeHtml, renderMrkdwn, renderPlainText } from './render-mrkdwn.js';

// The console page: pick who you are, type in the channel, see what the app answers, click its
// buttons, fill in its modals. Everything goes through the emulator's test API (/_emulator/*);
// Server-Sent Events say when to fetch again.

const SLACKBOT = 'USLACKBOT';
const page = {
  workspace: null,
  user: null,
  channel: null,
  tab: 'channel',
  threadTs: null,
  highlightTs: null,
  data: null,
  views: { modals: [], home: null },
  modalKey: '',
  activityOpen: false,
};

const $ = (selector) => document.querySelector(selector);

async function api(path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const json = await response.json();
  if (!json.ok) throw new Error(json.message ?? json.error ?? `HTTP ${response.status}`);
  return json;
}

function toast(message, isError = false) {
  const element = $('#toast');
  element.textContent = message;
  element.className = isError ? 'toast error' : 'toast';
  element.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (element.hidden = true), 4000);
}

// ---------- lookups ----------

function userById(id) {
  return page.workspace.users.find((u) => u.id === id);
}

const lookup = {
  userName: (id) => (id === page.workspace.bot.userId ? page.workspace.bot.name : userById(id)?.name),
  channelName: (id) => page.workspace.channels.find((c) => c.id === id)?.name,
  groupHandle: (id) => page.workspace.user_groups.find((g) => g.id === id)?.handle,
};

function renderContext(errors) {
  return { lookup, users: page.workspace.users, errors };
}

function colorFor(id) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 45% 42%)`;
}

function timeOf(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

// ---------- sidebar ----------

function renderSidebar() {
  const { workspace } = page;
  $('#workspace-name').textContent = workspace.team.name;
  $('#app-name').textContent = workspace.bot.name;
  $('#user-picker').innerHTML = workspace.users
    .map((u) => `<option value="${escapeHtml(u.id)}"${u.id === page.user ? ' selected' : ''}>${escapeHtml(u.realName ?? u.name)} (@${escapeHtml(u.name)})</option>`)
    .join('');
  $('#user-note').textContent = userById(page.user)?.note ?? '';
  const item = (channel, label) =>
    `<li><button type="button" class="nav-item${page.tab === 'channel' && channel.id === page.channel ? ' active' : ''}" data-channel-id="${escapeHtml(channel.id)}">${label}</button></li>`;
  const visible = workspace.channels.filter((c) => c.members.includes(page.user));
  $('#channel-list').innerHTML = visible
    .filter((c) => !c.is_im)
    .map((c) => item(c, `${c.is_private ? '🔒' : '#'} ${escapeHtml(c.name)}`))
    .join('');
  $('#dm-list').innerHTML = visible
    .filter((c) => c.is_im)
    .map((c) => item(c, `💬 ${escapeHtml(workspace.bot.name)}`))
    .join('');
  $('#home-link').classList.toggle('active', page.tab === 'home');
  $('#bot-url').textContent = workspace.bot_request_url ? `Bot: ${workspace.bot_request_url}` : 'No bot request URL configured';
}

// ---------- messages ----------

function authorOf(message) {
  if (message.user === SLACKBOT) return { name: 'Slackbot', isApp: false, initials: '🤖', color: '#2eb67d' };
  if (message.bot_id !== undefined) return { name: page.workspace.bot.name, isApp: true, initials: '🤖', color: '#4a154b' };
  const user = userById(message.user);
  const name = user?.realName ?? user?.name ?? message.user;
  return { name, isApp: false, initials: name.slice(0, 1).toUpperCase(), color: colorFor(message.user ?? '') };
}

function renderFiles(files) {
  if (!Array.isArray(files) || files.length === 0) return '';
  return `<div class="files">${files
    .map((file) => {
      const href = `/_emulator/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`;
      if (String(file.mimetype).startsWith('image/')) {
        return `<a href="${href}" target="_blank"><img class="file-image" src="${href}" alt="${escapeHtml(file.alt_txt ?? file.title)}"></a>`;
      }
      return `<a class="file-card" href="${href}" download="${escapeHtml(file.name)}">📄 <span>${escapeHtml(file.title)}<br><small>${escapeHtml(file.pretty_type)} · ${Number(file.size).toLocaleString()} bytes</small></span></a>`;
    })
    .join('')}</div>`;
}

function renderMessage(message, options = {}) {
  const author = authorOf(message);
  const ephemeral = message.is_ephemeral === true;
  const body =
    Array.isArray(message.blocks) && message.blocks.length > 0
      ? `<div class="blocks">${renderBlocks(message.blocks, renderContext())}</div>`
      : `<div class="text">${message.mrkdwn === false ? renderPlainText(message.text) : renderMrkdwn(message.text, lookup)}</div>`;
  const replies = options.showThreadLink && Array.isArray(message.replies) && message.replies.length > 0;
  const threadLink = replies
    ? `<button type="button" class="thread-link" data-open-thread="${escapeHtml(message.ts)}">${message.replies.length} ${message.replies.length === 1 ? 'reply' : 'replies'}</button>`
    : '';
  const reactions = Array.isArray(message.reactions)
    ? `<div class="reactions">${message.reactions.map((r) => `<span class="reaction" title="${escapeHtml(r.users.map((u) => lookup.userName(u) ?? u).join(', '))}">${renderPlainText(`:${r.name}:`)} ${r.count}</span>`).join('')}</div>`
    : '';
  const classes = ['message', ephemeral ? 'ephemeral' : '', message.ts === page.highlightTs ? 'highlight' : ''].filter(Boolean).join(' ');
  const broadcast = message.subtype === 'thread_broadcast' ? '<div class="only-you">replied to a thread</div>' : '';
  return `<div class="${classes}" data-container="message" data-channel="${escapeHtml(page.channel)}" data-ts="${escapeHtml(message.ts)}">
  <div class="avatar" style="background:${author.color}">${escapeHtml(author.initials)}</div>
  <div class="message-body">
    <div class="meta"><span class="author">${escapeHtml(author.name)}</span>${author.isApp ? '<span class="app-badge">APP</span>' : ''}<span class="time">${timeOf(message.ts)}</span>${message.edited ? '<span class="edited">(edited)</span>' : ''}</div>
    ${broadcast}${body}${renderFiles(message.files)}${reactions}${threadLink}
    ${ephemeral ? '<div class="only-you">👁 Only visible to you</div>' : ''}
  </div>
</div>`;
}

function ephemeralFor(user) {
  return page.data?.ephemeral?.[user] ?? [];
}

function renderChannel() {
  const channel = page.workspace.channels.find((c) => c.id === page.channel);
  const container = $('#messages');
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  if (page.tab === 'home') {
    $('#channel-title').textContent = `${page.workspace.bot.name} · Home`;
    $('#channel-topic').textContent = '';
    $('#composer').hidden = true;
    const home = page.views.home;
    container.innerHTML = home
      ? `<div class="message" data-container="view" data-view-id="${escapeHtml(home.id)}"><div class="message-body">${renderBlocks(home.blocks, renderContext())}</div></div>`
      : `<div class="empty">${escapeHtml(page.workspace.bot.name)} has not published a Home tab for you.</div>`;
    return;
  }
  $('#composer').hidden = false;
  $('#channel-title').textContent = channel?.is_im ? `💬 ${page.workspace.bot.name}` : `#${channel?.name ?? page.channel}`;
  $('#channel-topic').textContent = channel?.topic ?? '';
  $('#composer-input').placeholder = `Message ${channel?.is_im ? page.workspace.bot.name : `#${channel?.name ?? ''}`} — try /train pcb-defect epochs=5`;
  const items = [
    ...(page.data?.messages ?? []),
    ...ephemeralFor(page.user).filter((m) => m.thread_ts === undefined),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
  container.innerHTML =
    items.length === 0 ? '<div class="empty">No messages yet.</div>' : items.map((m) => renderMessage(m, { showThreadLink: true })).join('');
  if (page.highlightTs !== null) {
    container.querySelector(`[data-ts="${CSS.escape(page.highlightTs)}"]`)?.scrollIntoView({ block: 'center' });
  } else if (nearBottom) {
    container.scrollTop = container.scrollHeight;
  }
}

function renderThread() {
  const pane = $('#thread');
  const parent = (page.data?.messages ?? []).find((m) => m.ts === page.threadTs);
  if (page.tab !== 'channel' || parent === undefined) {
    pane.hidden = true;
    return;
  }
  pane.hidden = false;
  const channel = page.workspace.channels.find((c) => c.id === page.channel);
  $('#thread-channel').textContent = channel?.is_im ? '' : `#${channel?.name ?? ''}`;
  const replies = [...parent.replies, ...ephemeralFor(page.user).filter((m) => m.thread_ts === page.threadTs)].sort(
    (a, b) => Number(a.ts) - Number(b.ts),
  );
  $('#thread-messages').innerHTML = `${renderMessage(parent)}<div class="reply-count">${parent.replies.length} ${parent.replies.length === 1 ? 'reply' : 'replies'}</div>${replies.map((m) => renderMessage(m)).join('')}`;
}

// ---------- modals ----------

function renderModal() {
  const top = page.views.modals[page.views.modals.length - 1];
  const key = top === undefined ? '' : `${top.id}:${top.hash}:${JSON.stringify(top.errors)}`;
  if (key === page.modalKey) return;
  page.modalKey = key;
  const root = $('#modal-root');
  if (top === undefined) {
    root.innerHTML = '';
    return;
  }
  // Slack keeps what the person typed when the same view comes back with errors or an update.
  const previous = root.querySelector(`.modal[data-view-id="${CSS.escape(top.id)}"]`);
  const kept = previous === null ? {} : collectValues(previous);
  const errors = top.errors ?? {};
  const general = errors[''] === undefined ? '' : `<div class="modal-alert">${escapeHtml(errors[''])}</div>`;
  root.innerHTML = `<div class="overlay"><div class="modal" role="dialog" aria-modal="true" data-container="view" data-view-id="${escapeHtml(top.id)}">
  <div class="modal-header"><span>${renderText(top.title)}</span><button type="button" class="icon-button" data-modal-close>✕</button></div>
  <div class="modal-body">${general}${renderBlocks(top.blocks, renderContext(errors))}</div>
  <div class="modal-footer">
    <button type="button" class="bk-button" data-modal-close>${top.close ? renderText(top.close) : 'Cancel'}</button>
    ${top.submit ? `<button type="button" class="bk-button primary" data-modal-submit>${renderText(top.submit)}</button>` : ''}
  </div></div></div>`;
  restoreValues(root, kept);
}

function restoreValues(root, values) {
  for (const element of root.querySelectorAll('[data-input-block]')) {
    const value = values[element.dataset.inputBlock]?.[element.dataset.inputAction];
    if (value === undefined) continue;
    if (element.classList.contains('bk-choices')) {
      const chosen = new Set(Array.isArray(value) ? value : [value]);
      for (const input of element.querySelectorAll('input')) input.checked = chosen.has(input.value);
    } else {
      element.value = value;
    }
  }
}

function collectValues(modal) {
  const values = {};
  for (const element of modal.querySelectorAll('[data-input-block]')) {
    const block = element.dataset.inputBlock;
    const action = element.dataset.inputAction;
    let value;
    if (element.classList.contains('bk-choices')) {
      const checked = [...element.querySelectorAll('input:checked')].map((input) => input.value);
      value = element.dataset.inputType === 'checkboxes' ? checked : checked[0];
    } else {
      value = element.value;
    }
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    values[block] = { ...(values[block] ?? {}), [action]: value };
  }
  return values;
}

// ---------- confirm dialogs ----------

function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const root = $('#confirm-root');
    const style = confirm.style === 'danger' ? 'danger' : 'primary';
    root.innerHTML = `<div class="overlay"><div class="modal confirm" role="alertdialog" aria-modal="true">
  <div class="modal-header">${renderText(confirm.title)}</div>
  <div class="modal-body">${renderText(confirm.text, { lookup })}</div>
  <div class="modal-footer">
    <button type="button" class="bk-button confirm-deny">${renderText(confirm.deny)}</button>
    <button type="button" class="bk-button ${style} confirm-ok">${renderText(confirm.confirm)}</button>
  </div></div></div>`;
    const finish = (answer) => {
      root.innerHTML = '';
      resolve(answer);
    };
    root.querySelector('.confirm-ok').addEventListener('click', () => finish(true), { once: true });
    root.querySelector('.confirm-deny').addEventListener('click', () => finish(false), { once: true });
  });
}

// ---------- actions ----------

async function interact(element, value) {
  const container = element.closest('[data-container]');
  if (container === null) return;
  if (element.dataset.confirm) {
    const accepted = await confirmDialog(JSON.parse(element.dataset.confirm));
    if (!accepted) return;
  }
  if (element.dataset.url) {
    // Only addresses on this machine are opened; nothing here may reach the outside network.
    if (isLoopback(element.dataset.url)) window.open(element.dataset.url, '_blank', 'noopener');
    else toast(`The button links to ${element.dataset.url} (not opened: outside this machine)`);
  }
  const body = { user: page.user, action_id: element.dataset.actionId, block_id: element.dataset.blockId };
  if (value !== undefined) body.value = value;
  if (container.dataset.container === 'view') body.view_id = container.dataset.viewId;
  else Object.assign(body, { channel: container.dataset.channel, message_ts: container.dataset.ts });
  element.disabled = true;
  try {
    const result = await api('/_emulator/click', body);
    if (result.ack.timedOut) toast(`${page.workspace.bot.name} did not respond in time (operation_timeout)`, true);
    else if (result.ack.status !== 200) toast(`${page.workspace.bot.name} answered ${result.ack.status ?? result.ack.error}`, true);
  } catch (error) {
    toast(error.message, true);
  } finally {
    element.disabled = false;
  }
}

async function send(input, form, threadTs) {
  const text = input.value.trim();
  if (text === '') return;
  form.classList.add('busy');
  try {
    if (text.startsWith('/') && threadTs === undefined) {
      await api('/_emulator/command', { user: page.user, channel: page.channel, text });
    } else {
      await api('/_emulator/message', { user: page.user, channel: page.channel, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    }
    input.value = '';
  } catch (error) {
    toast(error.message, true);
  } finally {
    form.classList.remove('busy');
    input.focus();
  }
}

// ---------- data ----------

async function refresh() {
  const [messages, views, workspace] = await Promise.all([
    page.tab === 'channel' ? api(`/_emulator/messages?channel=${encodeURIComponent(page.channel)}`) : Promise.resolve(null),
    api(`/_emulator/views?user=${encodeURIComponent(page.user)}`),
    api('/_emulator/workspace'),
  ]);
  page.workspace = workspace;
  if (messages !== null) page.data = messages;
  page.views = views;
  renderSidebar();
  renderChannel();
  renderThread();
  renderModal();
  if (page.activityOpen) await refreshActivity();
}

async function refreshActivity() {
  const { deliveries } = await api('/_emulator/deliveries');
  $('#activity-list').innerHTML = deliveries
    .slice(-40)
    .reverse()
    .map((d) => {
      const result =
        d.status === null
          ? `<span class="bad">${d.timedOut ? 'timed out' : escapeHtml(d.error ?? 'failed')}</span>`
          : `<span class="${d.status === 200 ? 'good' : 'bad'}">${d.status}</span> in ${d.ackMs} ms`;
      const retry = d.retryNum > 0 ? ` · retry ${d.retryNum} (${escapeHtml(d.retryReason ?? '')})` : '';
      const late = d.lateAckMs !== undefined ? ` · answered after ${d.lateAckMs} ms` : '';
      return `<li><b>${escapeHtml(d.kind)}</b> ${escapeHtml(d.summary)}<br>${result}${retry}${late} · ${new Date(d.at).toLocaleTimeString()}</li>`;
    })
    .join('');
}

let refreshQueued = false;
function scheduleRefresh() {
  if (refreshQueued) return;
  refreshQueued = true;
  setTimeout(() => {
    refreshQueued = false;
    refresh().catch((error) => toast(error.message, true));
  }, 30);
}

function updateAddress() {
  const params = new URLSearchParams({ user: page.user, channel: page.channel });
  if (page.tab === 'home') params.set('tab', 'home');
  history.replaceState(null, '', `/?${params}`);
}

async function start() {
  page.workspace = await api('/_emulator/workspace');
  const params = new URLSearchParams(location.search);
  const users = page.workspace.users;
  page.user = users.find((u) => u.id === params.get('user') || u.name === params.get('user'))?.id ?? users[0]?.id;
  const channels = page.workspace.channels.filter((c) => !c.is_im);
  page.channel = channels.find((c) => c.id === params.get('channel') || c.name === params.get('channel'))?.id ?? channels[0]?.id;
  page.highlightTs = params.get('ts');
  page.tab = params.get('tab') === 'home' ? 'home' : 'channel';

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target === null) return;
    const button = target.closest('[data-kind="button"]');
    if (button !== null) return void interact(button);
    const channelButton = target.closest('[data-channel-id]');
    if (channelButton !== null) {
      page.tab = 'channel';
      page.channel = channelButton.dataset.channelId;
      page.threadTs = null;
      page.highlightTs = null;
      updateAddress();
      return void refresh();
    }
    const threadButton = target.closest('[data-open-thread]');
    if (threadButton !== null) {
      page.threadTs = threadButton.dataset.openThread;
      return void renderThread();
    }
    if (target.closest('[data-close-thread]') !== null) {
      page.threadTs = null;
      return void renderThread();
    }
    const modal = target.closest('.modal[data-view-id]');
    if (modal !== null && target.closest('[data-modal-close]') !== null) {
      return void api('/_emulator/close-view', { user: page.user, view_id: modal.dataset.viewId }).catch((e) => toast(e.message, true));
    }
    if (modal !== null && target.closest('[data-modal-submit]') !== null) {
      return void api('/_emulator/submit', { user: page.user, view_id: modal.dataset.viewId, values: collectValues(modal) })
        .then((result) => {
          if (result.outcome === 'failed') toast(`${page.workspace.bot.name} did not accept the form (${result.ack.timedOut ? 'operation_timeout' : result.ack.status})`, true);
        })
        .catch((e) => toast(e.message, true));
    }
  });
  document.addEventListener('change', (event) => {
    const target = event.target;
    if (target instanceof HTMLElement && target.dataset.kind === 'select') void interact(target, target.value);
  });
  $('#user-picker').addEventListener('change', (event) => {
    page.user = event.target.value;
    page.modalKey = '';
    const stillMember = page.workspace.channels.find((c) => c.id === page.channel)?.members.includes(page.user);
    if (!stillMember) page.channel = page.workspace.channels.find((c) => !c.is_im && c.members.includes(page.user))?.id ?? page.channel;
    updateAddress();
    void refresh();
  });
  $('#home-link').addEventListener('click', () => {
    page.tab = 'home';
    page.threadTs = null;
    updateAddress();
    void api('/_emulator/home-opened', { user: page.user }).catch(() => undefined);
    void refresh();
  });
  $('#activity-toggle').addEventListener('click', () => {
    page.activityOpen = !page.activityOpen;
    $('#activity').hidden = !page.activityOpen;
    if (page.activityOpen) void refreshActivity();
  });
  $('#activity-close').addEventListener('click', () => {
    page.activityOpen = false;
    $('#activity').hidden = true;
  });
  for (const [form, input, thread] of [
    [$('#composer'), $('#composer-input'), false],
    [$('#thread-composer'), $('#thread-input'), true],
  ]) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void send(input, form, thread ? page.threadTs : undefined);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        void send(input, form, thread ? page.threadTs : undefined);
      }
    });
  }

  const events = new EventSource('/_emulator/stream');
  events.addEventListener('change', scheduleRefresh);
  events.addEventListener('hello', scheduleRefresh);
  updateAddress();
  await refresh();
  if (page.highlightTs !== null) {
    const parent = (page.data?.messages ?? []).find((m) => m.replies.some((r) => r.ts === page.highlightTs));
    if (parent !== undefined) {
      page.threadTs = parent.ts;
      renderThread();
    }
  }
  document.body.dataset.ready = 'true';
}

start().catch((error) => toast(`The console could not start: ${error.message}`, true));
