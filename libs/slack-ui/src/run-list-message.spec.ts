import { describe, expect, it } from 'vitest';
import { buildRunFixture } from '@trainops/contracts/testing';
import { buildRunListMessage, formatRunLine } from './run-list-message.ts';
import { listSlackLimitViolations } from './slack-limits.ts';

const now = new Date('2025-03-01T12:00:00.000Z');

describe('buildRunListMessage', () => {
  it('lists each run with its state emoji, project, requester, progress and age', () => {
    const runs = [
      buildRunFixture({
        id: '11111111-6c1d-4f7a-9e3b-2d5c8a1f0e47',
        state: 'running',
        progress: 'epoch 12/50',
        createdAt: '2025-03-01T11:55:00.000Z',
      }),
      buildRunFixture({
        id: '22222222-6c1d-4f7a-9e3b-2d5c8a1f0e47',
        project: 'weld-seams',
        state: 'pending_approval',
        requester: 'scheduler',
        trigger: 'schedule',
        createdAt: '2025-02-27T09:00:00.000Z',
      }),
    ];
    expect(buildRunListMessage({ runs, now, filters: { limit: 10 } })).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Training runs",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "elements": [
              {
                "text": "all projects · newest 10",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "text": {
              "text": ":arrows_counterclockwise: *pcb-defect* \`11111111\` · running · epoch 12/50 · by <@U0123ABCD> · 5 min ago
      :raised_hand: *weld-seams* \`22222222\` · pending approval · by scheduler · 2 d ago",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "response_type": "ephemeral",
        "text": "2 runs (all projects · newest 10)",
      }
    `);
  });

  it('describes the filters and says when nothing matches', () => {
    const message = buildRunListMessage({
      runs: [],
      now,
      filters: { project: 'pcb-defect', state: 'failed', mine: true, limit: 5 },
    });
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Training runs",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "elements": [
              {
                "text": "project *pcb-defect* · state *failed* · yours only · newest 5",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "text": {
              "text": "No runs match. Start one with \`/train &lt;project&gt;\`.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "response_type": "ephemeral",
        "text": "0 runs (project *pcb-defect* · state *failed* · yours only · newest 5)",
      }
    `);
  });

  it('tells the user when more runs exist than were shown', () => {
    const message = buildRunListMessage({ runs: [buildRunFixture()], now, hasMore: true });
    expect(message.blocks.at(-1)).toMatchInlineSnapshot(`
      {
        "elements": [
          {
            "text": "More runs exist: narrow by project or \`state=\`, or raise \`limit=\` (up to 100).",
            "type": "mrkdwn",
          },
        ],
        "type": "context",
      }
    `);
  });

  it('fits a hundred runs with huge progress texts into one valid message', () => {
    const runs = Array.from({ length: 100 }, (_, index) =>
      buildRunFixture({ project: `project-${index}`.padEnd(500, 'x'), progress: 'p'.repeat(10_000) }),
    );
    const message = buildRunListMessage({ runs, now });
    expect(listSlackLimitViolations(message)).toEqual([]);
    const shown = message.blocks
      .filter((block) => block.type === 'section')
      .flatMap((block) => (block.type === 'section' ? (block.text?.text.split('\n') ?? []) : []));
    expect(shown).toHaveLength(100);
  });
});

describe('formatRunLine', () => {
  it('shows a non-Slack requester as plain escaped text', () => {
    expect(formatRunLine(buildRunFixture({ requester: 'ci <bot>' }), now)).toMatchInlineSnapshot(`":hourglass_flowing_sand: *pcb-defect* \`0b8f4a2e\` · queued · by ci &lt;bot&gt; · 2 h ago"`);
  });
});
