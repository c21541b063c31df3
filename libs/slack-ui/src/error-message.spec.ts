import { describe, expect, it } from 'vitest';
import { buildErrorMessage } from './error-message.ts';
import { listSlackLimitViolations } from './slack-limits.ts';

describe('buildErrorMessage', () => {
  it('shows the title, the message lines and the usage hint', () => {
    expect(
      buildErrorMessage({
        title: 'Unknown project "pcb-defekt"',
        lines: ['Did you mean `pcb-defect`?', 'Known projects: pcb-defect, weld-seams.'],
        usage: '/train <project> [key=value …]',
      }),
    ).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":warning: *Unknown project "pcb-defekt"*
      Did you mean \`pcb-defect\`?
      Known projects: pcb-defect, weld-seams.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Usage: \`/train &lt;project&gt; [key=value …]\`",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "response_type": "ephemeral",
        "text": "Unknown project "pcb-defekt" Did you mean \`pcb-defect\`? Known projects: pcb-defect, weld-seams.",
      }
    `);
  });

  it('shows a reference the user can quote', () => {
    const message = buildErrorMessage({ title: 'Something went wrong on our side (ref abc123)', reference: 'abc123' });
    expect(message.blocks[1]).toMatchInlineSnapshot(`
      {
        "elements": [
          {
            "text": "Reference: \`abc123\`",
            "type": "mrkdwn",
          },
        ],
        "type": "context",
      }
    `);
  });

  it('escapes what the user typed', () => {
    const message = buildErrorMessage({ title: 'Bad value', lines: ['name=<!here> is not allowed'] });
    expect(message.blocks[0]).toMatchInlineSnapshot(`
      {
        "text": {
          "text": ":warning: *Bad value*
      name=&lt;!here&gt; is not allowed",
          "type": "mrkdwn",
        },
        "type": "section",
      }
    `);
  });

  it('keeps mentions of people and user groups by id, and nothing else of the markup', () => {
    const message = buildErrorMessage({
      title: 'Not allowed',
      lines: ['<@U0ERIN> may not start runs of pcb-defect. Only <@U05BX9ZT3PQ> or <!subteam^S07QAPCB001> may; <!channel> <@bob> <https://x|y>'],
    });
    const expected = '<@U0ERIN> may not start runs of pcb-defect. Only <@U05BX9ZT3PQ> or <!subteam^S07QAPCB001> may; &lt;!channel&gt; &lt;@bob&gt; &lt;https://x|y&gt;';
    expect((message.blocks[0] as { text: { text: string } }).text.text).toBe(`:warning: *Not allowed*\n${expected}`);
    expect(message.text).toBe(`Not allowed ${expected}`);
  });

  it('stays within Slack limits for a huge error', () => {
    const message = buildErrorMessage({
      title: 'T'.repeat(10_000),
      lines: Array.from({ length: 1_000 }, () => 'line '.repeat(100)),
      usage: 'u'.repeat(10_000),
      reference: 'r'.repeat(10_000),
    });
    expect(listSlackLimitViolations(message)).toEqual([]);
    expect(message.text.endsWith('…')).toBe(true);
  });
});
