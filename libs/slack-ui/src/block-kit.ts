// The subset of Block Kit this product renders. Kept here rather than taken from @slack/types so
// the lib stays pure and dependency-free (DESIGN.md: slack-ui may import contracts only); the
// shapes are those of https://docs.slack.dev/reference/block-kit/blocks.

export interface PlainTextObject {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnTextObject {
  type: 'mrkdwn';
  text: string;
}

export type TextObject = PlainTextObject | MrkdwnTextObject;

export interface ButtonElement {
  type: 'button';
  text: PlainTextObject;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export interface HeaderBlock {
  type: 'header';
  text: PlainTextObject;
  block_id?: string;
}

export interface SectionBlock {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
  accessory?: ButtonElement;
  block_id?: string;
}

export interface ContextBlock {
  type: 'context';
  elements: TextObject[];
  block_id?: string;
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
  block_id?: string;
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock;

/** A message as chat.postMessage and response_url take it. `text` is the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

export function plainText(text: string): PlainTextObject {
  return { type: 'plain_text', text, emoji: true };
}

export function mrkdwn(text: string): MrkdwnTextObject {
  return { type: 'mrkdwn', text };
}
