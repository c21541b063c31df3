import { findBlockProblems } from '@trainops/slack-emulator';
import { describe, expect, it } from 'vitest';
import { plainText } from './block-kit.ts';
import { buildConfirmDialog, confirmDialogLimits } from './confirm-dialog.ts';

describe('buildConfirmDialog', () => {
  it('cuts every part to the limits Slack sets for a confirm dialog', () => {
    const dialog = buildConfirmDialog({ title: 't'.repeat(500), text: 'x'.repeat(5_000), confirm: 'c'.repeat(100), deny: 'd'.repeat(100), style: 'danger' });
    expect([dialog.title.text.length, dialog.text.text.length, dialog.confirm.text.length, dialog.deny.text.length]).toEqual([
      confirmDialogLimits.title,
      confirmDialogLimits.text,
      confirmDialogLimits.confirm,
      confirmDialogLimits.deny,
    ]);
    const button = { type: 'button', text: plainText('Go'), action_id: 'go', confirm: dialog };
    expect(findBlockProblems([{ type: 'actions', elements: [button] }], 'message')).toEqual([]);
  });
});
