import { describe, expect, it } from 'vitest';
import { buildRunFixture } from '@trainops/contracts/testing';
import { buildRunAcceptedMessage } from './run-accepted-message.ts';
import { listSlackLimitViolations } from './slack-limits.ts';

const runUrl = 'http://127.0.0.1:8080/api/v1/runs/0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47';

describe('buildRunAcceptedMessage', () => {
  it('shows the project, the short run id, the parameters as fields and a link to the run', () => {
    expect(buildRunAcceptedMessage({ run: buildRunFixture(), runUrl })).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Training run accepted: pcb-defect",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "accessory": {
              "action_id": "open_run",
              "text": {
                "emoji": true,
                "text": "Open run",
                "type": "plain_text",
              },
              "type": "button",
              "url": "http://127.0.0.1:8080/api/v1/runs/0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47",
              "value": "0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47",
            },
            "text": {
              "text": "Run \`0b8f4a2e\` of *pcb-defect* is *queued*.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "fields": [
              {
                "text": "*epochs*
      50",
                "type": "mrkdwn",
              },
              {
                "text": "*imgsz*
      640",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Requested by <@U0123ABCD> · run id \`0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47\`",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "response_type": "ephemeral",
        "text": "Run 0b8f4a2e of pcb-defect is queued.",
      }
    `);
  });

  it('says that nothing new was started when the api replayed an earlier request', () => {
    const message = buildRunAcceptedMessage({ run: buildRunFixture({ state: 'running' }), runUrl, replayed: true });
    expect(message.text).toMatchInlineSnapshot(`"Already started: run 0b8f4a2e of pcb-defect is running."`);
    expect(message.blocks[0]).toMatchInlineSnapshot(`
      {
        "text": {
          "emoji": true,
          "text": "Already started: pcb-defect",
          "type": "plain_text",
        },
        "type": "header",
      }
    `);
  });

  it('says the project defaults apply when no parameter was given', () => {
    const message = buildRunAcceptedMessage({ run: buildRunFixture({ params: {} }), runUrl });
    expect(message.blocks[2]).toMatchInlineSnapshot(`
      {
        "elements": [
          {
            "text": "No parameters given: the project defaults apply.",
            "type": "mrkdwn",
          },
        ],
        "type": "context",
      }
    `);
  });

  it('escapes parameter values so they cannot ping a channel', () => {
    const message = buildRunAcceptedMessage({ run: buildRunFixture({ params: { note: '<!channel> & co' } }), runUrl });
    expect(message.blocks[2]).toMatchInlineSnapshot(`
      {
        "fields": [
          {
            "text": "*note*
      &lt;!channel&gt; &amp; co",
            "type": "mrkdwn",
          },
        ],
        "type": "section",
      }
    `);
  });

  it('stays within Slack limits with hundreds of huge parameters and a huge project name', () => {
    const params = Object.fromEntries(
      Array.from({ length: 300 }, (_, index) => [`param_${index}_${'k'.repeat(1_000)}`, 'v'.repeat(5_000)]),
    );
    const message = buildRunAcceptedMessage({
      run: buildRunFixture({ params, project: 'p'.repeat(5_000), requester: 'r'.repeat(5_000) }),
      runUrl,
    });
    expect(listSlackLimitViolations(message)).toEqual([]);
    expect(message.blocks).toHaveLength(9);
    expect(message.blocks.at(-2)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… and 250 more parameters (see the run for all of them).' }],
    });
    expect(message.blocks.at(-1)?.type).toBe('context');
    expect(JSON.stringify(message.blocks.at(-1))).toContain('0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47');
  });
});
