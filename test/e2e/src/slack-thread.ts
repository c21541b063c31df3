// A run card and its thread as the Slack stand-in's test API returns them (only the parts the
// suites read), and readers that pick out what a person would look at: the words, the buttons,
// the result or failure reply, the files.

export interface SlackTextObject {
  text: string;
}
export interface SlackBlock {
  type: string;
  text?: SlackTextObject;
  fields?: SlackTextObject[];
  elements?: Array<{ action_id?: string; text?: SlackTextObject | string }>;
}
export interface SlackFile {
  name: string;
}
export interface SlackMessage {
  text: string;
  ts: string;
  blocks?: SlackBlock[];
  files?: SlackFile[];
  replies?: SlackMessage[];
}

/** All the words of a message's blocks, as a person reads them. */
export function blockText(message: SlackMessage): string {
  return (message.blocks ?? [])
    .flatMap((block) => [
      block.text?.text,
      ...(block.fields ?? []).map((field) => field.text),
      ...(block.elements ?? []).map((element) => (typeof element.text === 'string' ? element.text : element.text?.text)),
    ])
    .filter((text): text is string => typeof text === 'string')
    .join('\n');
}

/** The action_id of every button in the message, in order ('' for an element without one). */
export function actionIdsOf(message: SlackMessage): string[] {
  return (message.blocks ?? [])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? [])
    .map((element) => element.action_id ?? '');
}

/** The replies in a card's thread that carry `actionId` (approve_run: results; retry_run: failures). */
export function repliesWith(card: SlackMessage, actionId: string): SlackMessage[] {
  return (card.replies ?? []).filter((reply) => actionIdsOf(reply).includes(actionId));
}

/** The thread replies that carry a result: the ones with decision buttons. */
export function resultRepliesOf(card: SlackMessage): SlackMessage[] {
  return repliesWith(card, 'approve_run');
}

/** Every file uploaded into the card's thread. */
export function threadFilesOf(card: SlackMessage): SlackFile[] {
  return (card.replies ?? []).flatMap((reply) => reply.files ?? []);
}

export function chartFilesOf(card: SlackMessage): SlackFile[] {
  return threadFilesOf(card).filter((file) => file.name === 'training-chart.png');
}

/** "Training run … : running (train 3/15 epochs)" → 3; undefined before training shows progress. */
export function trainEpochOf(cardText: string): number | undefined {
  const match = /\(train (\d+)\/\d+/.exec(cardText);
  return match ? Number(match[1]) : undefined;
}
