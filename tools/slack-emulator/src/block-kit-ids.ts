import { selectElementTypes } from './block-element-types.ts';
import { isJsonObject } from './json-values.ts';

// Slack stores every block with a `block_id` and every interactive element with an `action_id`,
// inventing them when the sender left them out; block_actions payloads then carry those values.
// Doing the same keeps clicks on such blocks looking exactly as they do in production.

const interactiveTypes = new Set([
  'button',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'checkboxes',
  'radio_buttons',
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  ...selectElementTypes,
]);

/** A copy of `blocks` with the IDs Slack would fill in; `makeId` supplies short random IDs. */
export function withBlockIds(blocks: unknown[], makeId: () => string): unknown[] {
  return blocks.map((block) => {
    if (!isJsonObject(block)) return block;
    const copy: Record<string, unknown> = structuredClone(block);
    if (typeof copy.block_id !== 'string') copy.block_id = makeId();
    const elements: unknown[] = [];
    if (Array.isArray(copy.elements)) elements.push(...copy.elements);
    if (copy.accessory !== undefined) elements.push(copy.accessory);
    if (copy.element !== undefined) elements.push(copy.element);
    for (const element of elements) {
      if (isJsonObject(element) && typeof element.type === 'string' && interactiveTypes.has(element.type)) {
        if (typeof element.action_id !== 'string') element.action_id = makeId();
      }
    }
    return copy;
  });
}
