import { findBlockProblems } from '@trainops/slack-emulator';
import { describe, expect, it } from 'vitest';
import { buildRunFixture } from '@trainops/contracts/testing';
import type { ConfirmableButton } from './confirm-dialog.ts';
import { buildRunResultMessage } from './run-result-message.ts';
import type { RunResultMessageOptions, RunResultSummary } from './run-result-message.ts';
import { listSlackLimitViolations } from './slack-limits.ts';

const summary: RunResultSummary = {
  final: { precision: 0.9012, recall: 0.8523, mAP50: 0.9121, 'mAP50-95': 0.6034 },
  best: { epoch: 47, metrics: { precision: 0.9034, recall: 0.8611, mAP50: 0.9153, 'mAP50-95': 0.6101 } },
  epochs: 50,
  trainingSeconds: 4_320,
  gpuHours: 1.2,
};

function resultOptions(overrides: Partial<RunResultMessageOptions> = {}): RunResultMessageOptions {
  return {
    run: buildRunFixture({ state: 'pending_approval' }),
    summary,
    production: { version: 3, metrics: { precision: 0.9034, recall: 0.8731, mAP50: 0.9001, 'mAP50-95': 0.6101 } },
    chart: { fileId: 'F0CHART1' },
    artifactLinks: [
      { label: 'best.pt', url: 'http://127.0.0.1:9000/trainops-runs/pcb-defect/0b8f4a2e/weights/best.pt?X-Amz-Signature=abc&X-Amz-Expires=3600' },
      { label: 'results.csv', url: 'http://127.0.0.1:9000/trainops-runs/pcb-defect/0b8f4a2e/results.csv' },
    ],
    ...overrides,
  };
}

describe('buildRunResultMessage', () => {
  it('shows final and best metrics, time, GPU-hours, the change from production, files and the decision buttons', () => {
    expect(buildRunResultMessage(resultOptions())).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Training finished: pcb-defect",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": ":white_check_mark: Run \`0b8f4a2e\` of *pcb-defect* succeeded: trained *50 epochs* in *1 h 12 min* · *1.20 GPU-hours* · best epoch *47*",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "fields": [
              {
                "text": "*mAP50*
      0.912 final · 0.915 best
      ▲ +0.015 vs v3",
                "type": "mrkdwn",
              },
              {
                "text": "*mAP50-95*
      0.603 final · 0.610 best
      = 0.000 vs v3",
                "type": "mrkdwn",
              },
              {
                "text": "*precision*
      0.901 final · 0.903 best
      = 0.000 vs v3",
                "type": "mrkdwn",
              },
              {
                "text": "*recall*
      0.852 final · 0.861 best
      ▼ −0.012 vs v3",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Differences compare the best epoch (47) with production v3.",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "text": {
              "text": "*Files*
      :chart_with_upwards_trend: The training chart is posted in this thread.
      • <http://127.0.0.1:9000/trainops-runs/pcb-defect/0b8f4a2e/weights/best.pt?X-Amz-Signature=abc&amp;X-Amz-Expires=3600|best.pt>
      • <http://127.0.0.1:9000/trainops-runs/pcb-defect/0b8f4a2e/results.csv|results.csv>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "action_id": "approve_run",
                "confirm": {
                  "confirm": {
                    "emoji": true,
                    "text": "Promote",
                    "type": "plain_text",
                  },
                  "deny": {
                    "emoji": true,
                    "text": "Not yet",
                    "type": "plain_text",
                  },
                  "style": "primary",
                  "text": {
                    "text": "Run \`0b8f4a2e\` of *pcb-defect* becomes the production model, from its best epoch (47). The promotion gates are checked first.",
                    "type": "mrkdwn",
                  },
                  "title": {
                    "emoji": true,
                    "text": "Promote this model?",
                    "type": "plain_text",
                  },
                },
                "style": "primary",
                "text": {
                  "emoji": true,
                  "text": "Approve & promote",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47",
              },
              {
                "action_id": "reject_run",
                "style": "danger",
                "text": {
                  "emoji": true,
                  "text": "Reject",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "Run 0b8f4a2e of pcb-defect succeeded: mAP50 0.915.",
      }
    `);
  });

  it('says there is nothing in production yet instead of comparing', () => {
    const message = buildRunResultMessage(resultOptions({ production: null, chart: { url: 'http://127.0.0.1:9000/chart.png' } }));
    expect(message.blocks[2]).toMatchInlineSnapshot(`
      {
        "fields": [
          {
            "text": "*mAP50*
      0.912 final · 0.915 best",
            "type": "mrkdwn",
          },
          {
            "text": "*mAP50-95*
      0.603 final · 0.610 best",
            "type": "mrkdwn",
          },
          {
            "text": "*precision*
      0.901 final · 0.903 best",
            "type": "mrkdwn",
          },
          {
            "text": "*recall*
      0.852 final · 0.861 best",
            "type": "mrkdwn",
          },
        ],
        "type": "section",
      }
    `);
    expect(message.blocks[3]).toMatchInlineSnapshot(`
      {
        "elements": [
          {
            "text": "No model is in production yet: promoting this run makes it the first version.",
            "type": "mrkdwn",
          },
        ],
        "type": "context",
      }
    `);
    expect(message.blocks[4]).toMatchInlineSnapshot(`
      {
        "text": {
          "text": "*Files*
      :chart_with_upwards_trend: <http://127.0.0.1:9000/chart.png|Training chart>
      • <http://127.0.0.1:9000/trainops-runs/pcb-defect/0b8f4a2e/weights/best.pt?X-Amz-Signature=abc&amp;X-Amz-Expires=3600|best.pt>
      • <http://127.0.0.1:9000/trainops-runs/pcb-defect/0b8f4a2e/results.csv|results.csv>",
          "type": "mrkdwn",
        },
        "type": "section",
      }
    `);
  });

  it('shows the task’s own metrics after the usual ones, in a stable order', () => {
    const message = buildRunResultMessage(
      resultOptions({
        summary: { ...summary, final: { top5: 0.99, top1: 0.91 }, best: { epoch: 3, metrics: { top1: 0.92, top5: 0.99 } } },
        production: { version: 1, metrics: { top1: 0.925 } },
      }),
    );
    expect(message.blocks[2]).toMatchInlineSnapshot(`
      {
        "fields": [
          {
            "text": "*top1*
      0.910 final · 0.920 best
      ▼ −0.005 vs v1",
            "type": "mrkdwn",
          },
          {
            "text": "*top5*
      0.990 final · 0.990 best
      not in v1",
            "type": "mrkdwn",
          },
        ],
        "type": "section",
      }
    `);
  });

  it('explains that metrics are unavailable while still offering the decision', () => {
    const message = buildRunResultMessage(
      resultOptions({ summary: undefined, metricsUnavailable: 'results.csv was not found under the run’s artifacts', chart: undefined }),
    );
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Training finished: pcb-defect",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": ":white_check_mark: Run \`0b8f4a2e\` of *pcb-defect* succeeded.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": ":warning: *Metrics are not available:* results.csv was not found under the run’s artifacts
      The run itself succeeded; its files are linked below.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "*Files*
      • <http://127.0.0.1:9000/trainops-runs/pcb-defect/0b8f4a2e/weights/best.pt?X-Amz-Signature=abc&amp;X-Amz-Expires=3600|best.pt>
      • <http://127.0.0.1:9000/trainops-runs/pcb-defect/0b8f4a2e/results.csv|results.csv>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "action_id": "approve_run",
                "confirm": {
                  "confirm": {
                    "emoji": true,
                    "text": "Promote",
                    "type": "plain_text",
                  },
                  "deny": {
                    "emoji": true,
                    "text": "Not yet",
                    "type": "plain_text",
                  },
                  "style": "primary",
                  "text": {
                    "text": "Run \`0b8f4a2e\` of *pcb-defect* becomes the production model, from its best weights. The promotion gates are checked first.",
                    "type": "mrkdwn",
                  },
                  "title": {
                    "emoji": true,
                    "text": "Promote this model?",
                    "type": "plain_text",
                  },
                },
                "style": "primary",
                "text": {
                  "emoji": true,
                  "text": "Approve & promote",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47",
              },
              {
                "action_id": "reject_run",
                "style": "danger",
                "text": {
                  "emoji": true,
                  "text": "Reject",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "Run 0b8f4a2e of pcb-defect succeeded (metrics not available).",
      }
    `);
  });

  it('replaces the buttons with the decision once the run is promoted or rejected', () => {
    const promoted = buildRunResultMessage(resultOptions({ run: buildRunFixture({ state: 'promoted' }) }));
    expect(promoted.blocks.at(-1)).toMatchInlineSnapshot(`
      {
        "elements": [
          {
            "text": ":rocket: Promoted to production.",
            "type": "mrkdwn",
          },
        ],
        "type": "context",
      }
    `);
    const rejected = buildRunResultMessage(resultOptions({ run: buildRunFixture({ state: 'rejected' }) }));
    expect(rejected.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('carries the run id on both buttons and asks before promoting', () => {
    const actions = buildRunResultMessage(resultOptions()).blocks.at(-1);
    const buttons = (actions?.type === 'actions' ? actions.elements : []) as ConfirmableButton[];
    expect(buttons.map((button) => [button.action_id, button.value, button.style, button.confirm !== undefined])).toEqual([
      ['approve_run', '0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47', 'primary', true],
      ['reject_run', '0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47', 'danger', false],
    ]);
  });

  it('stays within Slack limits with hundreds of metrics, huge names and hundreds of long links', () => {
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`metric-${index}-${'x'.repeat(3_000)}`, index / 300]));
    const message = buildRunResultMessage(
      resultOptions({
        run: buildRunFixture({ state: 'pending_approval', project: 'p'.repeat(5_000) }),
        summary: { ...summary, final: many, best: { epoch: 1, metrics: many } },
        production: { version: 1, metrics: many },
        artifactLinks: Array.from({ length: 300 }, (_, index) => ({ label: `file-${index}-${'l'.repeat(500)}`, url: `http://127.0.0.1/${'u'.repeat(index % 2 === 0 ? 2_500 : 5_000)}` })),
      }),
    );
    expect(listSlackLimitViolations(message)).toEqual([]);
    expect(findBlockProblems(message.blocks, 'message')).toEqual([]);
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });

  it('stays within Slack limits when the reason for missing metrics is huge and hostile', () => {
    const message = buildRunResultMessage(resultOptions({ summary: undefined, metricsUnavailable: '<!channel> '.repeat(10_000) }));
    expect(listSlackLimitViolations(message)).toEqual([]);
    expect(findBlockProblems(message.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(message)).not.toContain('<!channel>');
  });
});
