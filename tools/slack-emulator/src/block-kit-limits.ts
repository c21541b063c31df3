import { selectElementTypes } from './block-element-types.ts';
import { isJsonObject } from './json-values.ts';

// Slack's Block Kit limits, checked the way the Web API checks them: every problem is reported in
// Slack's words with a JSON pointer (`must be less than 3001 characters [json-pointer:/blocks/0/text/text]`),
// so a bot that builds an over-long card fails here exactly as it would in production.
// Limits: https://docs.slack.dev/reference/block-kit/blocks and the composition-object pages.

export type BlockSurface = 'message' | 'modal' | 'home';

const maxBlocksBySurface: Record<BlockSurface, number> = { message: 50, modal: 100, home: 100 };

const blockTypes = new Set([
  'section',
  'header',
  'divider',
  'image',
  'context',
  'actions',
  'input',
  'rich_text',
  'markdown',
  'file',
  'video',
]);

const accessoryTypes = new Set([
  'button',
  'image',
  'overflow',
  'datepicker',
  'timepicker',
  'checkboxes',
  'radio_buttons',
  ...selectElementTypes,
]);
const actionsTypes = new Set([
  'button',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'checkboxes',
  'radio_buttons',
  ...selectElementTypes,
]);
const inputTypes = new Set([
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'checkboxes',
  'radio_buttons',
  'rich_text_input',
  'file_input',
  ...selectElementTypes,
]);

class Problems {
  readonly list: string[] = [];

  add(message: string, pointer: string): void {
    this.list.push(`${message} [json-pointer:${pointer}]`);
  }
}

/**
 * Every way `blocks` breaks Block Kit's rules for the given surface, in Slack's wording; empty when
 * the blocks are fine. `pointerBase` is where the array sits in the request (`/blocks`, `/view/blocks`).
 */
export function findBlockProblems(blocks: unknown, surface: BlockSurface, pointerBase = '/blocks'): string[] {
  const problems = new Problems();
  checkBlocks(blocks, surface, pointerBase, problems);
  return problems.list;
}

/** Every way a modal or Home tab view breaks the rules of views.open / views.publish / views.update. */
export function findViewProblems(view: unknown, expected?: 'modal' | 'home'): string[] {
  const problems = new Problems();
  const base = '/view';
  if (!isJsonObject(view)) {
    problems.add('must provide an object', base);
    return problems.list;
  }
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    problems.add(type === undefined ? 'missing required field: type' : `unsupported type: ${String(type)}`, `${base}/type`);
    return problems.list;
  }
  if (expected !== undefined && type !== expected) {
    problems.add(`unsupported type: ${type}`, `${base}/type`);
    return problems.list;
  }
  if (type === 'modal') {
    checkText(view.title, `${base}/title`, problems, { max: 24, plainOnly: true, required: true });
    checkText(view.submit, `${base}/submit`, problems, { max: 24, plainOnly: true });
    checkText(view.close, `${base}/close`, problems, { max: 24, plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isJsonObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) problems.add('must provide submit when the view has input blocks', `${base}/submit`);
  }
  checkMaxLength(view.private_metadata, 3000, `${base}/private_metadata`, problems);
  checkMaxLength(view.callback_id, 255, `${base}/callback_id`, problems);
  checkMaxLength(view.external_id, 255, `${base}/external_id`, problems);
  if (view.blocks === undefined) problems.add('missing required field: blocks', `${base}/blocks`);
  else checkBlocks(view.blocks, type, `${base}/blocks`, problems);
  return problems.list;
}

function checkBlocks(blocks: unknown, surface: BlockSurface, base: string, problems: Problems): void {
  if (!Array.isArray(blocks)) {
    problems.add('must be an array', base);
    return;
  }
  const max = maxBlocksBySurface[surface];
  if (blocks.length > max) problems.add(`no more than ${max} items allowed`, base);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const pointer = `${base}/${i}`;
    if (!isJsonObject(block)) {
      problems.add('must provide an object', pointer);
      return;
    }
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) problems.add(`duplicate block_id: ${block.block_id}`, `${pointer}/block_id`);
      blockIds.add(block.block_id);
    }
    checkMaxLength(block.block_id, 255, `${pointer}/block_id`, problems);
    checkBlock(block, surface, pointer, problems);
  });
}

function checkBlock(block: Record<string, unknown>, surface: BlockSurface, pointer: string, problems: Problems): void {
  const type = block.type;
  if (typeof type !== 'string') {
    problems.add('missing required field: type', `${pointer}/type`);
    return;
  }
  if (!blockTypes.has(type) || (type === 'markdown' && surface !== 'message')) {
    problems.add(`unsupported type: ${type}`, `${pointer}/type`);
    return;
  }
  switch (type) {
    case 'section':
      return checkSection(block, pointer, problems);
    case 'header':
      checkText(block.text, `${pointer}/text`, problems, { max: 150, plainOnly: true, required: true });
      return;
    case 'divider':
      return;
    case 'image':
      return checkImage(block, pointer, problems, true);
    case 'context':
      return checkContext(block, pointer, problems);
    case 'actions':
      return checkElementList(block.elements, 25, actionsTypes, `${pointer}/elements`, problems);
    case 'input':
      return checkInput(block, pointer, problems);
    case 'rich_text':
      if (!Array.isArray(block.elements)) problems.add('missing required field: elements', `${pointer}/elements`);
      return;
    case 'markdown':
      checkRequiredString(block.text, 12_000, `${pointer}/text`, problems);
      return;
    case 'file':
      checkRequiredString(block.external_id, 255, `${pointer}/external_id`, problems);
      return;
    case 'video':
      for (const key of ['alt_text', 'thumbnail_url', 'video_url']) {
        checkRequiredString(block[key], 3000, `${pointer}/${key}`, problems);
      }
      checkText(block.title, `${pointer}/title`, problems, { max: 200, plainOnly: true, required: true });
      return;
  }
}

function checkSection(block: Record<string, unknown>, pointer: string, problems: Problems): void {
  if (block.text === undefined && block.fields === undefined) {
    problems.add('must define either `text` or `fields`', `${pointer}/type`);
  }
  if (block.text !== undefined) checkText(block.text, `${pointer}/text`, problems, { max: 3000 });
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields)) problems.add('must be an array', `${pointer}/fields`);
    else {
      if (block.fields.length > 10) problems.add('no more than 10 items allowed', `${pointer}/fields`);
      block.fields.forEach((field, i) => checkText(field, `${pointer}/fields/${i}`, problems, { max: 2000 }));
    }
  }
  if (block.accessory !== undefined) checkElement(block.accessory, accessoryTypes, `${pointer}/accessory`, problems);
}

function checkImage(obj: Record<string, unknown>, pointer: string, problems: Problems, isBlock: boolean): void {
  if (obj.image_url === undefined && obj.slack_file === undefined) {
    problems.add('must provide either image_url or slack_file', pointer);
  }
  if (obj.image_url !== undefined) checkRequiredString(obj.image_url, 3000, `${pointer}/image_url`, problems);
  checkRequiredString(obj.alt_text, 2000, `${pointer}/alt_text`, problems);
  if (isBlock && obj.title !== undefined) checkText(obj.title, `${pointer}/title`, problems, { max: 2000, plainOnly: true });
}

function checkContext(block: Record<string, unknown>, pointer: string, problems: Problems): void {
  const elements = block.elements;
  const base = `${pointer}/elements`;
  if (!Array.isArray(elements)) {
    problems.add('missing required field: elements', base);
    return;
  }
  if (elements.length === 0) problems.add('must provide at least 1 item', base);
  if (elements.length > 10) problems.add('no more than 10 items allowed', base);
  elements.forEach((element, i) => {
    const at = `${base}/${i}`;
    if (isJsonObject(element) && element.type === 'image') checkImage(element, at, problems, false);
    else checkText(element, at, problems, { max: 3000 });
  });
}

function checkInput(block: Record<string, unknown>, pointer: string, problems: Problems): void {
  checkText(block.label, `${pointer}/label`, problems, { max: 2000, plainOnly: true, required: true });
  if (block.hint !== undefined) checkText(block.hint, `${pointer}/hint`, problems, { max: 2000, plainOnly: true });
  if (block.element === undefined) problems.add('missing required field: element', `${pointer}/element`);
  else checkElement(block.element, inputTypes, `${pointer}/element`, problems);
}

function checkElementList(elements: unknown, max: number, allowed: Set<string>, base: string, problems: Problems): void {
  if (!Array.isArray(elements)) {
    problems.add('missing required field: elements', base);
    return;
  }
  if (elements.length === 0) problems.add('must provide at least 1 item', base);
  if (elements.length > max) problems.add(`no more than ${max} items allowed`, base);
  elements.forEach((element, i) => checkElement(element, allowed, `${base}/${i}`, problems));
}

function checkElement(element: unknown, allowed: Set<string>, pointer: string, problems: Problems): void {
  if (!isJsonObject(element)) {
    problems.add('must provide an object', pointer);
    return;
  }
  const type = element.type;
  if (typeof type !== 'string') {
    problems.add('missing required field: type', `${pointer}/type`);
    return;
  }
  if (!allowed.has(type)) {
    problems.add(`unsupported type: ${type}`, `${pointer}/type`);
    return;
  }
  checkMaxLength(element.action_id, 255, `${pointer}/action_id`, problems);
  if (element.confirm !== undefined) checkConfirm(element.confirm, `${pointer}/confirm`, problems);
  if (element.placeholder !== undefined) {
    checkText(element.placeholder, `${pointer}/placeholder`, problems, { max: 150, plainOnly: true });
  }
  switch (type) {
    case 'button':
      checkText(element.text, `${pointer}/text`, problems, { max: 75, plainOnly: true, required: true });
      checkMaxLength(element.value, 2000, `${pointer}/value`, problems);
      checkMaxLength(element.url, 3000, `${pointer}/url`, problems);
      checkStyle(element.style, `${pointer}/style`, problems);
      checkMaxLength(element.accessibility_label, 75, `${pointer}/accessibility_label`, problems);
      return;
    case 'image':
      checkImage(element, pointer, problems, false);
      return;
    case 'overflow':
      checkOptions(element.options, 5, `${pointer}/options`, problems, true);
      return;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(element.options, 10, `${pointer}/options`, problems, true);
      return;
    case 'static_select':
    case 'multi_static_select':
      if (element.options === undefined && element.option_groups === undefined) {
        problems.add('must provide either options or option_groups', pointer);
      }
      if (element.options !== undefined) checkOptions(element.options, 100, `${pointer}/options`, problems, true);
      return;
    case 'plain_text_input':
      if (typeof element.max_length === 'number' && element.max_length > 3000) {
        problems.add('must be less than or equal to 3000', `${pointer}/max_length`);
      }
      return;
    case 'number_input':
      if (typeof element.is_decimal_allowed !== 'boolean') {
        problems.add('missing required field: is_decimal_allowed', `${pointer}/is_decimal_allowed`);
      }
      return;
  }
}

function checkOptions(options: unknown, max: number, base: string, problems: Problems, required: boolean): void {
  if (options === undefined) {
    if (required) problems.add('missing required field: options', base);
    return;
  }
  if (!Array.isArray(options)) {
    problems.add('must be an array', base);
    return;
  }
  if (options.length > max) problems.add(`no more than ${max} items allowed`, base);
  options.forEach((option, i) => {
    const at = `${base}/${i}`;
    if (!isJsonObject(option)) {
      problems.add('must provide an object', at);
      return;
    }
    checkText(option.text, `${at}/text`, problems, { max: 75, required: true });
    checkRequiredString(option.value, 150, `${at}/value`, problems);
    if (option.description !== undefined) checkText(option.description, `${at}/description`, problems, { max: 75 });
  });
}

function checkConfirm(confirm: unknown, pointer: string, problems: Problems): void {
  if (!isJsonObject(confirm)) {
    problems.add('must provide an object', pointer);
    return;
  }
  checkText(confirm.title, `${pointer}/title`, problems, { max: 100, plainOnly: true, required: true });
  checkText(confirm.text, `${pointer}/text`, problems, { max: 300, required: true });
  checkText(confirm.confirm, `${pointer}/confirm`, problems, { max: 30, plainOnly: true, required: true });
  checkText(confirm.deny, `${pointer}/deny`, problems, { max: 30, plainOnly: true, required: true });
  checkStyle(confirm.style, `${pointer}/style`, problems);
}

interface TextRules {
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

function checkText(text: unknown, pointer: string, problems: Problems, rules: TextRules): void {
  if (text === undefined) {
    if (rules.required) problems.add(`missing required field: ${pointer.split('/').pop() ?? 'text'}`, pointer);
    return;
  }
  if (!isJsonObject(text)) {
    problems.add('must provide an object', pointer);
    return;
  }
  const allowed = rules.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof text.type !== 'string' || !allowed.includes(text.type)) {
    problems.add('must be a valid enum value', `${pointer}/type`);
  }
  checkRequiredString(text.text, rules.max, `${pointer}/text`, problems);
}

function checkRequiredString(value: unknown, max: number, pointer: string, problems: Problems): void {
  if (value === undefined) {
    problems.add(`missing required field: ${pointer.split('/').pop() ?? ''}`, pointer);
    return;
  }
  if (typeof value !== 'string') {
    problems.add('must be a string', pointer);
    return;
  }
  if (value.length === 0) problems.add('must be more than 0 characters', pointer);
  checkMaxLength(value, max, pointer, problems);
}

function checkMaxLength(value: unknown, max: number, pointer: string, problems: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    problems.add('must be a string', pointer);
    return;
  }
  if (value.length > max) problems.add(`must be less than ${max + 1} characters`, pointer);
}

function checkStyle(style: unknown, pointer: string, problems: Problems): void {
  if (style !== undefined && style !== 'primary' && style !== 'danger') problems.add('must be a valid enum value', pointer);
}
