import { describe, expect, it } from 'vitest';
import { chatCommandHelp } from '@trainops/contracts';
import { buildHelpMessage } from './help-message.ts';
import { listSlackLimitViolations } from './slack-limits.ts';

const trainHelp = [
  '*/train* starts a training run of a project.',
  '`/train <project> [key=value …]`',
  '*Examples*',
  '• `/train pcb-defect epochs=50`',
].join('\n');

describe('buildHelpMessage', () => {
  it('shows a command’s help with its literal angle brackets escaped', () => {
    expect(buildHelpMessage({ topics: [{ help: trainHelp }] })).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "trainops help",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "*/train* starts a training run of a project.
      \`/train &lt;project&gt; [key=value …]\`
      *Examples*
      • \`/train pcb-defect epochs=50\`",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "response_type": "ephemeral",
        "text": "*/train* starts a training run of a project.",
      }
    `);
  });

  it('puts the not-available notice first', () => {
    const message = buildHelpMessage({
      topics: [{ help: '*/export* converts weights.\n`/export <run-id>`', notice: '/export is not available yet.' }],
    });
    expect(message.text).toMatchInlineSnapshot(`"/export is not available yet. */export* converts weights."`);
    expect(message.blocks.slice(1)).toMatchInlineSnapshot(`
      [
        {
          "text": {
            "text": ":construction: */export is not available yet.*",
            "type": "mrkdwn",
          },
          "type": "section",
        },
        {
          "text": {
            "text": "*/export* converts weights.
      \`/export &lt;run-id&gt;\`",
            "type": "mrkdwn",
          },
          "type": "section",
        },
      ]
    `);
  });

  it('separates several commands with dividers', () => {
    const message = buildHelpMessage({
      title: 'Commands',
      topics: [{ help: '*/train* trains.' }, { help: '*/runs* lists runs.' }],
    });
    expect(message.blocks.map((block) => block.type)).toEqual(['header', 'section', 'divider', 'section']);
    expect(message.text).toBe('Commands: */train* trains. */runs* lists runs.');
  });

  it('renders the product’s real help texts within Slack limits', () => {
    for (const name of ['train', 'export', 'runs', 'retrain', 'models'] as const) {
      expect(listSlackLimitViolations(buildHelpMessage({ topics: [{ help: chatCommandHelp(name) }] }))).toEqual([]);
    }
  });

  it('stays within Slack limits for a huge help text', () => {
    const message = buildHelpMessage({
      title: 't'.repeat(1_000),
      topics: Array.from({ length: 30 }, () => ({
        help: Array.from({ length: 5 }, () => 'h<'.repeat(2_000)).join('\n'),
        notice: 'n'.repeat(5_000),
      })),
    });
    expect(listSlackLimitViolations(message)).toEqual([]);
  });
});
