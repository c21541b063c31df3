import { mrkdwn } from './block-kit.ts';
import type { Block, ButtonElement, ContextBlock, SectionBlock, SlackMessage, TextObject } from './block-kit.ts';

// The one place that knows Slack's size limits. Every builder ends with enforceSlackLimits, so
// no input (a 10 000-character error, 500 parameters, 100 runs) can make Slack refuse a message:
// too-long text is cut with "…", surplus blocks are dropped with a note saying how many.
// Lengths are measured in UTF-16 code units, which is never less than what Slack counts.

export const slackLimits = {
  blocksPerMessage: 50,
  messageText: 40_000,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  contextText: 3_000,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  blockId: 255,
} as const;

export const ellipsis = '…';

/** Shortens plain text to at most `max` code units, ending in "…"; never splits a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ellipsis;
  return text.slice(0, safeCut(text, max - 1)) + ellipsis;
}

/**
 * Like truncateText, but never cuts inside a `<…>` token (link, mention) or an `&amp;`-style
 * entity, which would show the reader broken markup.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return truncateText(text, max);
  let cut = safeCut(text, max - 1);
  const open = text.lastIndexOf('<', cut - 1);
  if (open !== -1 && open > text.lastIndexOf('>', cut - 1)) cut = open;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp !== -1 && cut - amp < 8 && !text.slice(amp, cut).includes(';')) cut = amp;
  return text.slice(0, cut) + ellipsis;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Slack refuses empty text objects; a dash keeps the layout and says "nothing here". */
const emptyText = '—';

function limitTextObject(object: TextObject, max: number): TextObject {
  const text = object.text.trim() === '' ? emptyText : object.text;
  const limited = object.type === 'mrkdwn' ? truncateMrkdwn(text, max) : truncateText(text, max);
  return { ...object, text: limited };
}

function limitButton(button: ButtonElement): ButtonElement | undefined {
  // A cut URL would lead somewhere wrong: better no button than a broken link.
  if (button.url !== undefined && button.url.length > slackLimits.buttonUrl) return undefined;
  const limited: ButtonElement = {
    ...button,
    text: limitTextObject(button.text, slackLimits.buttonText) as ButtonElement['text'],
    action_id: truncateText(button.action_id, slackLimits.actionId),
  };
  if (button.value !== undefined) limited.value = truncateText(button.value, slackLimits.buttonValue);
  return limited;
}

function limitBlockId<T extends Block>(block: T): T {
  return block.block_id === undefined ? block : { ...block, block_id: truncateText(block.block_id, slackLimits.blockId) };
}

/** One block within its own limits, or undefined when nothing valid is left of it. */
export function limitBlock(block: Block): Block | undefined {
  switch (block.type) {
    case 'header':
      return limitBlockId({ ...block, text: limitTextObject(block.text, slackLimits.headerText) as typeof block.text });
    case 'section': {
      const limited: SectionBlock = { type: 'section' };
      if (block.block_id !== undefined) limited.block_id = block.block_id;
      if (block.text !== undefined) limited.text = limitTextObject(block.text, slackLimits.sectionText);
      if (block.fields !== undefined && block.fields.length > 0) {
        limited.fields = limitFields(block.fields);
      }
      if (block.accessory !== undefined) {
        const button = limitButton(block.accessory);
        if (button) limited.accessory = button;
      }
      if (limited.text === undefined && limited.fields === undefined) limited.text = mrkdwn(emptyText);
      return limitBlockId(limited);
    }
    case 'context': {
      if (block.elements.length === 0) return undefined;
      const elements = block.elements.slice(0, slackLimits.contextElements);
      const limited: ContextBlock = {
        ...block,
        elements: elements.map((element) => limitTextObject(element, slackLimits.contextText)),
      };
      return limitBlockId(limited);
    }
    case 'actions': {
      const elements = block.elements
        .slice(0, slackLimits.actionsElements)
        .map(limitButton)
        .filter((button): button is ButtonElement => button !== undefined);
      return elements.length === 0 ? undefined : limitBlockId({ ...block, elements });
    }
    case 'divider':
      return limitBlockId(block);
  }
}

function limitFields(fields: TextObject[]): TextObject[] {
  const limited = fields.map((field) => limitTextObject(field, slackLimits.fieldText));
  if (limited.length <= slackLimits.sectionFields) return limited;
  const kept = limited.slice(0, slackLimits.sectionFields - 1);
  kept.push(mrkdwn(`${ellipsis} and ${limited.length - kept.length} more`));
  return kept;
}

function blockTextLength(block: Block): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return (
        (block.text?.text.length ?? 0) +
        (block.fields ?? []).reduce((sum, field) => sum + field.text.length, 0) +
        (block.accessory?.text.text.length ?? 0)
      );
    case 'context':
      return block.elements.reduce((sum, element) => sum + element.text.length, 0);
    case 'actions':
      return block.elements.reduce((sum, element) => sum + element.text.text.length, 0);
    case 'divider':
      return 0;
  }
}

function omittedNotice(count: number): ContextBlock {
  return { type: 'context', elements: [mrkdwn(`${ellipsis} and ${count} more not shown.`)] };
}

const noticeReserve = 100;

/**
 * Brings a whole message within Slack's limits: every block, the number of blocks, the total
 * text across blocks, and the fallback `text` (set from the blocks when missing).
 */
export function enforceSlackLimits(message: SlackMessage): SlackMessage {
  const limitedBlocks = message.blocks.map(limitBlock).filter((block): block is Block => block !== undefined);

  const kept: Block[] = [];
  let total = 0;
  for (const [index, block] of limitedBlocks.entries()) {
    const length = blockTextLength(block);
    const remaining = limitedBlocks.length - index;
    const roomForBlocks = kept.length < slackLimits.blocksPerMessage - (remaining > 1 ? 1 : 0);
    const roomForText = total + length <= slackLimits.messageText - (remaining > 1 ? noticeReserve : 0);
    if (!roomForBlocks || !roomForText) {
      kept.push(omittedNotice(remaining));
      break;
    }
    kept.push(block);
    total += length;
  }

  const fallback = message.text.trim() === '' ? fallbackFromBlocks(kept) : message.text;
  return { ...message, text: truncateMrkdwn(fallback, slackLimits.messageText), blocks: kept };
}

function fallbackFromBlocks(blocks: Block[]): string {
  for (const block of blocks) {
    if (block.type === 'header') return block.text.text;
    if (block.type === 'section' && block.text) return block.text.text;
  }
  return 'Message from trainops';
}

/**
 * Every way a message breaks Slack's limits, in words ("block 3: section text is 3001 > 3000").
 * Empty when the message is valid as far as limits go; tests and the api's notifier use it.
 */
export function listSlackLimitViolations(message: SlackMessage): string[] {
  const problems: string[] = [];
  const check = (where: string, what: string, length: number, max: number) => {
    if (length > max) problems.push(`${where}: ${what} is ${length} > ${max}`);
  };
  const checkText = (where: string, what: string, object: TextObject, max: number) => {
    if (object.text.trim() === '') problems.push(`${where}: ${what} is empty`);
    check(where, what, object.text.length, max);
  };
  const checkButton = (where: string, button: ButtonElement) => {
    checkText(where, 'button text', button.text, slackLimits.buttonText);
    check(where, 'action_id', button.action_id.length, slackLimits.actionId);
    if (button.value !== undefined) check(where, 'button value', button.value.length, slackLimits.buttonValue);
    if (button.url !== undefined) check(where, 'button url', button.url.length, slackLimits.buttonUrl);
  };

  if (message.text.trim() === '') problems.push('message: fallback text is empty');
  check('message', 'fallback text', message.text.length, slackLimits.messageText);
  check('message', 'block count', message.blocks.length, slackLimits.blocksPerMessage);
  let total = 0;
  message.blocks.forEach((block, index) => {
    const where = `block ${index + 1}`;
    total += blockTextLength(block);
    if (block.block_id !== undefined) check(where, 'block_id', block.block_id.length, slackLimits.blockId);
    switch (block.type) {
      case 'header':
        checkText(where, 'header text', block.text, slackLimits.headerText);
        break;
      case 'section':
        if (!block.text && !block.fields?.length) problems.push(`${where}: section has neither text nor fields`);
        if (block.text) checkText(where, 'section text', block.text, slackLimits.sectionText);
        check(where, 'field count', block.fields?.length ?? 0, slackLimits.sectionFields);
        block.fields?.forEach((field, fieldIndex) =>
          checkText(where, `field ${fieldIndex + 1}`, field, slackLimits.fieldText),
        );
        if (block.accessory) checkButton(where, block.accessory);
        break;
      case 'context':
        if (block.elements.length === 0) problems.push(`${where}: context has no elements`);
        check(where, 'context element count', block.elements.length, slackLimits.contextElements);
        block.elements.forEach((element) => checkText(where, 'context text', element, slackLimits.contextText));
        break;
      case 'actions':
        if (block.elements.length === 0) problems.push(`${where}: actions has no elements`);
        check(where, 'actions element count', block.elements.length, slackLimits.actionsElements);
        block.elements.forEach((button) => checkButton(where, button));
        break;
      case 'divider':
        break;
    }
  });
  check('message', 'text across blocks', total, slackLimits.messageText);
  return problems;
}
