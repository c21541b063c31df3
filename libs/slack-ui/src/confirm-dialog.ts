import { mrkdwn, plainText } from './block-kit.ts';
import type { ButtonElement, MrkdwnTextObject, PlainTextObject } from './block-kit.ts';
import { truncateMrkdwn, truncateText } from './slack-limits.ts';

// A confirm dialog on a button: Slack asks "are you sure?" before it sends the click, so a stray
// click on Cancel or Approve costs nothing. ButtonElement in block-kit.ts has no `confirm` yet;
// this type adds it, and enforceSlackLimits keeps it because it copies buttons field by field.
// The dialog's own limits are applied here, when it is built.

export interface ConfirmDialog {
  title: PlainTextObject;
  text: MrkdwnTextObject;
  confirm: PlainTextObject;
  deny: PlainTextObject;
  style?: 'primary' | 'danger';
}

export type ConfirmableButton = ButtonElement & { confirm?: ConfirmDialog };

/** Slack's limits for a confirm dialog (composition objects reference). */
export const confirmDialogLimits = { title: 100, text: 300, confirm: 30, deny: 30 } as const;

export interface ConfirmDialogOptions {
  title: string;
  /** mrkdwn, already escaped by the caller. */
  text: string;
  confirm: string;
  deny: string;
  style?: 'primary' | 'danger';
}

export function buildConfirmDialog(options: ConfirmDialogOptions): ConfirmDialog {
  const dialog: ConfirmDialog = {
    title: plainText(truncateText(options.title, confirmDialogLimits.title)),
    text: mrkdwn(truncateMrkdwn(options.text, confirmDialogLimits.text)),
    confirm: plainText(truncateText(options.confirm, confirmDialogLimits.confirm)),
    deny: plainText(truncateText(options.deny, confirmDialogLimits.deny)),
  };
  if (options.style !== undefined) dialog.style = options.style;
  return dialog;
}
