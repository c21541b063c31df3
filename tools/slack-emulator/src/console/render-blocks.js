import { emojify } from './emoji.js';
import { escapeHtml, isSafeUrl, renderMrkdwn, renderPlainText } from './render-mrkdwn.js';

// Block Kit to HTML, close to how Slack draws it. Interactive elements carry data-* attributes
// (action_id, block_id, value, confirm) that console.js turns into clicks; inputs in modals carry
// data-input-* attributes it reads on submit. Pure string work, so it is tested without a browser.

/**
 * @typedef {{
 *   lookup?: { userName?: (id: string) => string | undefined, channelName?: (id: string) => string | undefined, groupHandle?: (id: string) => string | undefined },
 *   users?: { id: string, name: string }[],
 *   errors?: Record<string, string>,
 *   isLocalUrl?: (url: string) => boolean,
 * }} RenderContext
 */

/** @param {unknown[]} blocks @param {RenderContext} [ctx] */
export function renderBlocks(blocks, ctx = {}) {
  if (!Array.isArray(blocks)) return '';
  return blocks.map((block) => renderBlock(block, ctx)).join('');
}

/** A Block Kit text object: mrkdwn or plain_text. */
export function renderText(text, ctx = {}) {
  if (text === null || typeof text !== 'object') return '';
  if (text.type === 'mrkdwn') return renderMrkdwn(text.text ?? '', ctx.lookup);
  return renderPlainText(text.text ?? '', text.emoji !== false);
}

function attr(name, value) {
  return value === undefined || value === null ? '' : ` ${name}="${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}"`;
}

function renderBlock(block, ctx) {
  if (block === null || typeof block !== 'object') return '';
  const id = attr('data-block-id', block.block_id);
  switch (block.type) {
    case 'section':
      return renderSection(block, ctx, id);
    case 'header':
      return `<div class="bk-header"${id}>${renderText(block.text, ctx)}</div>`;
    case 'divider':
      return `<hr class="bk-divider"${id}>`;
    case 'image': {
      const title = block.title === undefined ? '' : `<figcaption class="bk-image-title">${renderText(block.title, ctx)}</figcaption>`;
      return `<figure class="bk-image"${id}>${title}${renderImage(block.image_url, block.alt_text, 'bk-image-img', ctx)}</figure>`;
    }
    case 'context':
      return `<div class="bk-context"${id}>${(block.elements ?? [])
        .map((element) =>
          element?.type === 'image'
            ? renderImage(element.image_url, element.alt_text, 'bk-context-img', ctx)
            : `<span class="bk-context-text">${renderText(element, ctx)}</span>`,
        )
        .join('')}</div>`;
    case 'actions':
      return `<div class="bk-actions"${id}>${(block.elements ?? []).map((element) => renderElement(element, block.block_id, ctx)).join('')}</div>`;
    case 'input':
      return renderInput(block, ctx, id);
    case 'rich_text':
      return `<div class="bk-rich-text"${id}>${(block.elements ?? []).map((element) => renderRichElement(element, ctx)).join('')}</div>`;
    case 'markdown':
      return `<div class="bk-markdown"${id}>${renderPlainText(block.text ?? '', true)}</div>`;
    case 'file':
      return `<div class="bk-file"${id}>📎 Remote file ${escapeHtml(block.external_id ?? '')}</div>`;
    case 'video':
      return `<div class="bk-file"${id}>🎬 ${renderText(block.title, ctx)}</div>`;
    default:
      return `<div class="bk-unknown"${id}>This block (${escapeHtml(String(block.type))}) is not supported here.</div>`;
  }
}

function renderSection(block, ctx, id) {
  const text = block.text === undefined ? '' : `<div class="bk-section-text">${renderText(block.text, ctx)}</div>`;
  const fields = Array.isArray(block.fields)
    ? `<div class="bk-fields">${block.fields.map((field) => `<div class="bk-field">${renderText(field, ctx)}</div>`).join('')}</div>`
    : '';
  const accessory = block.accessory === undefined ? '' : `<div class="bk-accessory">${renderElement(block.accessory, block.block_id, ctx)}</div>`;
  return `<div class="bk-section"${id}><div class="bk-section-main">${text}${fields}</div>${accessory}</div>`;
}

function renderImage(url, alt, className, ctx) {
  // Loading an outside URL would reach beyond this machine; show what it is instead.
  const local = typeof url === 'string' && (ctx.isLocalUrl?.(url) ?? isLoopback(url));
  if (!local) {
    return `<span class="${className} bk-image-remote" title="${escapeHtml(url ?? '')}">🖼️ ${escapeHtml(alt ?? 'image')}</span>`;
  }
  return `<img class="${className}" src="${escapeHtml(url)}" alt="${escapeHtml(alt ?? '')}" loading="lazy">`;
}

/** True for data: URLs, relative URLs and URLs on this machine. */
export function isLoopback(url) {
  if (url.startsWith('data:image/') || url.startsWith('/')) return true;
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}

function common(element, blockId) {
  return `${attr('data-action-id', element.action_id)}${attr('data-block-id', blockId)}${attr('data-confirm', element.confirm)}`;
}

function renderOptions(options, selected) {
  return (options ?? [])
    .map(
      (option) =>
        `<option value="${escapeHtml(option.value ?? '')}"${option.value === selected ? ' selected' : ''}>${escapeHtml(option.text?.text ?? option.value ?? '')}</option>`,
    )
    .join('');
}

function renderElement(element, blockId, ctx) {
  if (element === null || typeof element !== 'object') return '';
  switch (element.type) {
    case 'button': {
      const style = element.style === 'primary' || element.style === 'danger' ? ` ${element.style}` : '';
      const link = typeof element.url === 'string' && isSafeUrl(element.url) ? attr('data-url', element.url) : '';
      const arrow = link === '' ? '' : ' <span class="bk-link-arrow">↗</span>';
      return `<button type="button" class="bk-button${style}" data-kind="button"${common(element, blockId)}${attr('data-value', element.value)}${link}>${renderText(element.text, ctx)}${arrow}</button>`;
    }
    case 'static_select':
    case 'radio_buttons': {
      const placeholder = element.placeholder?.text ?? 'Select an item';
      return `<select class="bk-select" data-kind="select"${common(element, blockId)}><option value="" disabled selected>${escapeHtml(placeholder)}</option>${renderOptions(element.options)}</select>`;
    }
    case 'overflow':
      return `<select class="bk-select bk-overflow" data-kind="select" title="More actions"${common(element, blockId)}><option value="" disabled selected>⋯</option>${renderOptions(element.options)}</select>`;
    case 'datepicker':
      return `<input type="date" class="bk-select" data-kind="select"${common(element, blockId)}${attr('value', element.initial_date)}>`;
    case 'image':
      return renderImage(element.image_url, element.alt_text, 'bk-accessory-img', ctx);
    default:
      return `<span class="bk-unsupported">[${escapeHtml(String(element.type))}]</span>`;
  }
}

function renderInput(block, ctx, id) {
  const element = block.element ?? {};
  const error = ctx.errors?.[block.block_id];
  const hint = block.hint === undefined ? '' : `<div class="bk-hint">${renderText(block.hint, ctx)}</div>`;
  const optional = block.optional === true ? ' <span class="bk-optional">(optional)</span>' : '';
  return `<div class="bk-input${error === undefined ? '' : ' has-error'}"${id}>
<label class="bk-label">${renderText(block.label, ctx)}${optional}</label>
${renderInputElement(element, block.block_id, ctx)}
${error === undefined ? '' : `<div class="bk-error">${emojify(escapeHtml(error))}</div>`}${hint}</div>`;
}

function renderInputElement(element, blockId, ctx) {
  const data = `${attr('data-input-block', blockId)}${attr('data-input-action', element.action_id)}${attr('data-input-type', element.type)}`;
  const placeholder = attr('placeholder', element.placeholder?.text);
  switch (element.type) {
    case 'plain_text_input':
      return element.multiline === true
        ? `<textarea class="bk-text-input"${data}${placeholder}>${escapeHtml(element.initial_value ?? '')}</textarea>`
        : `<input type="text" class="bk-text-input"${data}${placeholder}${attr('value', element.initial_value)}>`;
    case 'email_text_input':
    case 'url_text_input':
      return `<input type="${element.type === 'email_text_input' ? 'email' : 'url'}" class="bk-text-input"${data}${placeholder}${attr('value', element.initial_value)}>`;
    case 'number_input':
      return `<input type="number" class="bk-text-input"${data}${placeholder}${attr('step', element.is_decimal_allowed ? 'any' : '1')}${attr('min', element.min_value)}${attr('max', element.max_value)}${attr('value', element.initial_value)}>`;
    case 'static_select':
      return `<select class="bk-select"${data}><option value="">${escapeHtml(element.placeholder?.text ?? 'Select an item')}</option>${renderOptions(element.options, element.initial_option?.value)}</select>`;
    case 'users_select':
      return `<select class="bk-select"${data}><option value="">${escapeHtml(element.placeholder?.text ?? 'Select a person')}</option>${(ctx.users ?? [])
        .map((u) => `<option value="${escapeHtml(u.id)}"${u.id === element.initial_user ? ' selected' : ''}>${escapeHtml(u.name)}</option>`)
        .join('')}</select>`;
    case 'datepicker':
      return `<input type="date" class="bk-text-input"${data}${attr('value', element.initial_date)}>`;
    case 'checkboxes':
    case 'radio_buttons': {
      const type = element.type === 'checkboxes' ? 'checkbox' : 'radio';
      const initial = new Set((element.initial_options ?? (element.initial_option ? [element.initial_option] : [])).map((o) => o.value));
      return `<div class="bk-choices"${data}>${(element.options ?? [])
        .map(
          (option) =>
            `<label class="bk-choice"><input type="${type}" name="${escapeHtml(`${blockId}/${element.action_id}`)}" value="${escapeHtml(option.value ?? '')}"${initial.has(option.value) ? ' checked' : ''}> ${renderText(option.text, ctx)}</label>`,
        )
        .join('')}</div>`;
    }
    default:
      return `<span class="bk-unsupported">[${escapeHtml(String(element.type))} input]</span>`;
  }
}

function renderRichElement(element, ctx) {
  switch (element?.type) {
    case 'rich_text_section':
      return `<div class="rt-section">${renderRichInline(element.elements, ctx)}</div>`;
    case 'rich_text_preformatted':
      return `<pre class="mrkdwn-pre">${renderRichInline(element.elements, ctx)}</pre>`;
    case 'rich_text_quote':
      return `<blockquote class="mrkdwn-quote">${renderRichInline(element.elements, ctx)}</blockquote>`;
    case 'rich_text_list': {
      const tag = element.style === 'ordered' ? 'ol' : 'ul';
      return `<${tag} class="rt-list">${(element.elements ?? []).map((item) => `<li>${renderRichInline(item.elements, ctx)}</li>`).join('')}</${tag}>`;
    }
    default:
      return '';
  }
}

function renderRichInline(elements, ctx) {
  return (elements ?? [])
    .map((element) => {
      let html;
      switch (element?.type) {
        case 'text':
          html = escapeHtml(element.text ?? '').replace(/\n/g, '<br>');
          break;
        case 'link':
          html = isSafeUrl(element.url ?? '')
            ? `<a href="${escapeHtml(element.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(element.text ?? element.url)}</a>`
            : escapeHtml(element.text ?? '');
          break;
        case 'user':
          html = `<span class="mention">@${escapeHtml(ctx.lookup?.userName?.(element.user_id) ?? element.user_id)}</span>`;
          break;
        case 'usergroup':
          html = `<span class="mention group">@${escapeHtml(ctx.lookup?.groupHandle?.(element.usergroup_id) ?? element.usergroup_id)}</span>`;
          break;
        case 'channel':
          html = `<span class="mention channel">#${escapeHtml(ctx.lookup?.channelName?.(element.channel_id) ?? element.channel_id)}</span>`;
          break;
        case 'broadcast':
          html = `<span class="mention broadcast">@${escapeHtml(element.range ?? 'here')}</span>`;
          break;
        case 'emoji':
          html = element.unicode
            ? String.fromCodePoint(...String(element.unicode).split('-').map((h) => parseInt(h, 16)))
            : emojify(`:${escapeHtml(element.name ?? '')}:`);
          break;
        default:
          html = '';
      }
      const style = element?.style ?? {};
      if (style.code) html = `<code class="mrkdwn-code">${html}</code>`;
      if (style.bold) html = `<b>${html}</b>`;
      if (style.italic) html = `<i>${html}</i>`;
      if (style.strike) html = `<s>${html}</s>`;
      return html;
    })
    .join('');
}
