import { findBlockProblems } from '@trainops/slack-emulator';
import { describe, expect, it } from 'vitest';
import { buildRunFixture } from '@trainops/contracts/testing';
import type { ConfirmableButton } from './confirm-dialog.ts';
import { buildRunCardMessage, formatGpuRequest, formatSteps } from './run-card-message.ts';
import type { RunCardMessageOptions, RunCardStep } from './run-card-message.ts';
import { listSlackLimitViolations } from './slack-limits.ts';

const runningSteps: RunCardStep[] = [
  { name: 'checkout', phase: 'succeeded' },
  { name: 'dependencies', phase: 'succeeded' },
  { name: 'train', phase: 'running', progress: { done: 12, total: 50 } },
  { name: 'export', phase: 'pending' },
  { name: 'publish', phase: 'pending' },
];

function cardOptions(overrides: Partial<RunCardMessageOptions> = {}): RunCardMessageOptions {
  return {
    run: buildRunFixture({ state: 'running', startedAt: '2025-03-01T10:01:00.000Z' }),
    project: { name: 'pcb-defect', task: 'detect', baseModel: 'yolo26n.pt' },
    requesterId: 'U0123ABCD',
    gpuRequest: { gpus: 1, product: 'NVIDIA-A100', cpu: '8', memory: '32Gi' },
    steps: runningSteps,
    estimatedSecondsLeft: 360,
    links: { api: 'http://127.0.0.1:8080/api/v1/runs/0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47', argoUi: 'https://argo.example.com/workflows/trainops/train-0b8f4a2e?tab=workflow&node=a' },
    cancellable: true,
    ...overrides,
  };
}

describe('buildRunCardMessage', () => {
  it('shows who, the project, parameters, GPU request, state, steps, links and a Cancel button while running', () => {
    expect(buildRunCardMessage(cardOptions())).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Training run · pcb-defect",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": ":arrows_counterclockwise: *Running* · run \`0b8f4a2e\`",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "fields": [
              {
                "text": "*Requested by*
      <@U0123ABCD>",
                "type": "mrkdwn",
              },
              {
                "text": "*Project*
      *pcb-defect* · detect · \`yolo26n.pt\`",
                "type": "mrkdwn",
              },
              {
                "text": "*GPU request*
      1 GPU (NVIDIA-A100) · 8 CPU · 32Gi memory",
                "type": "mrkdwn",
              },
              {
                "text": "*Trigger*
      Slack command",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "text": {
              "text": "*Parameters*  \`epochs=50\` \`imgsz=640\`",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "checkout ✓ → dependencies ✓ → *train* ⏳ 12/50 epochs · ~6 min left → export → publish",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": ":link: <http://127.0.0.1:8080/api/v1/runs/0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47|Run details> · <https://argo.example.com/workflows/trainops/train-0b8f4a2e?tab=workflow&amp;node=a|Argo workflow>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "elements": [
              {
                "action_id": "cancel_run",
                "confirm": {
                  "confirm": {
                    "emoji": true,
                    "text": "Cancel run",
                    "type": "plain_text",
                  },
                  "deny": {
                    "emoji": true,
                    "text": "Keep running",
                    "type": "plain_text",
                  },
                  "style": "danger",
                  "text": {
                    "text": "Run \`0b8f4a2e\` of *pcb-defect* stops now; its GPU time so far is lost.",
                    "type": "mrkdwn",
                  },
                  "title": {
                    "emoji": true,
                    "text": "Cancel this run?",
                    "type": "plain_text",
                  },
                },
                "style": "danger",
                "text": {
                  "emoji": true,
                  "text": "Cancel run",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "Training run 0b8f4a2e of pcb-defect: running (train 12/50 epochs)",
      }
    `);
  });

  it('shows no Cancel button once the run has finished, and no time left', () => {
    const message = buildRunCardMessage(
      cardOptions({
        run: buildRunFixture({ state: 'succeeded', message: 'Finished after 50 epochs' }),
        steps: runningSteps.map((step) => ({ ...step, phase: 'succeeded' as const, progress: step.progress && { done: 50, total: 50 } })),
      }),
    );
    expect(message.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'context']);
    expect(message.blocks[1]).toMatchInlineSnapshot(`
      {
        "text": {
          "text": ":white_check_mark: *Succeeded* · run \`0b8f4a2e\`
      Finished after 50 epochs",
          "type": "mrkdwn",
        },
        "type": "section",
      }
    `);
    expect(message.blocks[4]).toMatchInlineSnapshot(`
      {
        "text": {
          "text": "checkout ✓ → dependencies ✓ → train ✓ → export ✓ → publish ✓",
          "type": "mrkdwn",
        },
        "type": "section",
      }
    `);
    expect(message.text).toMatchInlineSnapshot(`"Training run 0b8f4a2e of pcb-defect: succeeded"`);
  });

  it('shows no Cancel button when the caller says the run cannot be cancelled', () => {
    const message = buildRunCardMessage(cardOptions({ cancellable: false }));
    expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('says why a queued run is waiting', () => {
    const message = buildRunCardMessage(
      cardOptions({
        run: buildRunFixture({ state: 'queued' }),
        steps: [],
        waitingMessage: 'Waiting for a GPU: pcb-defect runs one at a time and run 7c2e91aa is training.',
      }),
    );
    expect(message.blocks[4]).toMatchInlineSnapshot(`
      {
        "elements": [
          {
            "text": ":hourglass_flowing_sand: Waiting for a GPU: pcb-defect runs one at a time and run 7c2e91aa is training.",
            "type": "mrkdwn",
          },
        ],
        "type": "context",
      }
    `);
    expect(message.text).toBe('Training run 0b8f4a2e of pcb-defect: queued');
  });

  it('escapes whatever the api or a user wrote, so nothing can ping a channel', () => {
    const message = buildRunCardMessage(
      cardOptions({
        run: buildRunFixture({ state: 'running', params: { note: '<!channel> & co' }, message: '<!here> look' }),
        steps: [{ name: '<!everyone>', phase: 'running' }],
        waitingMessage: '<@U999> <script>',
      }),
    );
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/<!(channel|here|everyone)>|<@U999>|<script>/);
    expect(json).toContain('&lt;!channel&gt; &amp; co');
  });

  it('stays within Slack limits with huge parameters, messages, step lists and links', () => {
    const params = Object.fromEntries(Array.from({ length: 400 }, (_, index) => [`param_${index}_${'k'.repeat(500)}`, 'v'.repeat(5_000)]));
    const message = buildRunCardMessage(
      cardOptions({
        run: buildRunFixture({ state: 'running', params, project: 'p'.repeat(5_000), message: 'm'.repeat(50_000) }),
        project: { name: 'p'.repeat(5_000), task: 't'.repeat(5_000), baseModel: 'b'.repeat(5_000) },
        requesterId: 'r'.repeat(5_000),
        gpuRequest: { gpus: 8, product: 'g'.repeat(5_000), cpu: 'c'.repeat(5_000), memory: 'm'.repeat(5_000) },
        steps: Array.from({ length: 500 }, (_, index) => ({ name: `step-${index}-${'s'.repeat(200)}`, phase: 'running' as const, progress: { done: 1, total: 2 } })),
        waitingMessage: 'w'.repeat(50_000),
        links: { api: `http://127.0.0.1/${'a'.repeat(10_000)}`, argoUi: `https://argo/${'b'.repeat(2_000)}` },
      }),
    );
    expect(listSlackLimitViolations(message)).toEqual([]);
    expect(findBlockProblems(message.blocks, 'message')).toEqual([]);
    // The button survives: it is what people need most on a running card.
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });
});

describe('formatSteps', () => {
  it('reads like the pipeline, with progress and time left on the running step', () => {
    expect(formatSteps(runningSteps, 360)).toBe('checkout ✓ → dependencies ✓ → *train* ⏳ 12/50 epochs · ~6 min left → export → publish');
  });

  it('marks failed, errored and skipped steps and puts the time left at the end when nothing runs yet', () => {
    expect(
      formatSteps(
        [
          { name: 'checkout', phase: 'failed' },
          { name: 'dependencies', phase: 'error' },
          { name: 'export', phase: 'skipped' },
          { name: 'publish', phase: 'pending' },
        ],
        30,
      ),
    ).toBe('checkout ✗ → dependencies ⚠ → ~export~ (skipped) → publish · <1 min left');
  });

  it('ignores progress that makes no sense rather than showing it', () => {
    expect(formatSteps([{ name: 'train', phase: 'running', progress: { done: 3, total: 0 } }])).toBe('*train* ⏳');
    expect(formatSteps([{ name: 'train', phase: 'running', progress: { done: 80, total: 50 } }])).toBe('*train* ⏳ 50/50 epochs');
  });
});

describe('formatGpuRequest', () => {
  it('counts GPUs and names the product, or says CPU only', () => {
    expect(formatGpuRequest({ gpus: 2, product: 'NVIDIA-L4', memory: '32Gi' })).toBe('2 GPUs (NVIDIA-L4) · 32Gi memory');
    expect(formatGpuRequest({ gpus: 0, cpu: '4' })).toBe('CPU only · 4 CPU');
  });
});

describe('the Cancel button', () => {
  it('carries the run id and asks for confirmation in a danger-styled dialog', () => {
    const actions = buildRunCardMessage(cardOptions()).blocks.at(-1);
    expect(actions?.type).toBe('actions');
    const button = (actions?.type === 'actions' ? actions.elements[0] : undefined) as ConfirmableButton | undefined;
    expect(button?.value).toBe('0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47');
    expect(button?.confirm?.style).toBe('danger');
  });
});
