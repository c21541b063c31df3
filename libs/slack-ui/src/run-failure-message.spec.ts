import { findBlockProblems } from '@trainops/slack-emulator';
import { describe, expect, it } from 'vitest';
import { buildRunFixture } from '@trainops/contracts/testing';
import { formatLogTail, logTailMaxLines } from './format-log-tail.ts';
import { buildRunFailureMessage } from './run-failure-message.ts';
import { recogniseFailureCause } from './recognise-failure-cause.ts';
import { listSlackLimitViolations, slackLimits } from './slack-limits.ts';

const oomLog = [
  '      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size',
  '       1/50      14.2G      1.632      2.871      1.402         88        640: 12%',
  'Traceback (most recent call last):',
  '  File "/usr/local/lib/python3.11/site-packages/torch/nn/modules/conv.py", line 456, in forward',
  'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 15.77 GiB',
];

describe('recogniseFailureCause', () => {
  it('recognises CUDA running out of memory and suggests a smaller batch', () => {
    expect(recogniseFailureCause(oomLog, 'Error (exit code 1)')).toEqual({
      kind: 'cuda_out_of_memory',
      summary: 'CUDA ran out of GPU memory.',
      advice: 'Try a smaller batch (batch=8) or a smaller image size (imgsz).',
    });
  });

  it('recognises a NaN loss in the epoch lines', () => {
    // The header names the losses; the progress rows below it carry the NaN.
    const log = ['      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size', '      12/50      3.1G        nan        nan        nan         17        640'];
    expect(recogniseFailureCause(log, null)?.kind).toBe('nan_loss');
    expect(recogniseFailureCause(['WARNING: non-finite loss, ending training'], null)?.kind).toBe('nan_loss');
    expect(recogniseFailureCause(['step 300 loss=nan'], null)?.kind).toBe('nan_loss');
    // A nan before any loss table (a dataset statistic, say) is not a diverged training.
    expect(recogniseFailureCause(['mean pixel: nan', 'Epoch GPU_mem box_loss'], null)).toBeUndefined();
  });

  it('recognises image pull errors from the message Kubernetes gives', () => {
    expect(recogniseFailureCause([], 'ImagePullBackOff: Back-off pulling image "ultralytics/ultralytics:9.9.9"')?.kind).toBe('image_pull');
    expect(recogniseFailureCause([], 'ErrImagePull')?.kind).toBe('image_pull');
  });

  it('recognises a preempted or evicted node before anything the training printed', () => {
    expect(recogniseFailureCause(oomLog, 'pod was preempted')?.kind).toBe('node_lost');
    expect(recogniseFailureCause([], 'The node was low on resource: memory. Evicted')?.kind).toBe('node_lost');
  });

  it('tells host memory from GPU memory', () => {
    expect(recogniseFailureCause([], 'OOMKilled (exit code 137)')?.kind).toBe('host_out_of_memory');
  });

  it('finds nothing in an ordinary error', () => {
    expect(recogniseFailureCause(['FileNotFoundError: data.yaml'], 'Error (exit code 1)')).toBeUndefined();
  });
});

describe('buildRunFailureMessage', () => {
  it('names the step, exit code and message, gives the likely cause, the log tail and a Retry button', () => {
    const message = buildRunFailureMessage({
      run: buildRunFixture({ state: 'failed' }),
      failedStep: 'train',
      exitCode: 1,
      message: 'Error (exit code 1)',
      logTail: oomLog,
      cause: recogniseFailureCause(oomLog, 'Error (exit code 1)'),
    });
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Training failed: pcb-defect",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": ":x: Run \`0b8f4a2e\` of *pcb-defect* failed in step *train* (exit code 1).
      > Error (exit code 1)",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": ":bulb: *Likely cause: CUDA ran out of GPU memory.*
      Try a smaller batch (batch=8) or a smaller image size (imgsz).",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "\`\`\`
            Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size
             1/50      14.2G      1.632      2.871      1.402         88        640: 12%
      Traceback (most recent call last):
        File "/usr/local/lib/python3.11/site-packages/torch/nn/modules/conv.py", line 456, in forward
      torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 15.77 GiB
      \`\`\`",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "The last 5 log lines.",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "elements": [
              {
                "action_id": "retry_run",
                "style": "primary",
                "text": {
                  "emoji": true,
                  "text": "Retry",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "Run 0b8f4a2e of pcb-defect failed. CUDA ran out of GPU memory.",
      }
    `);
  });

  it('says so when nothing is known but that the run ended with an error, with no word about a log no step wrote', () => {
    const message = buildRunFailureMessage({ run: buildRunFixture({ state: 'error' }), logTail: [] });
    expect(message.text).toMatchInlineSnapshot(`"Run 0b8f4a2e of pcb-defect stopped with an error."`);
    expect(message.blocks.slice(1).map((block) => block.type)).toEqual(['section', 'actions']);
    expect(JSON.stringify(message.blocks)).not.toContain('No log lines');
  });

  it('says no log lines were captured when a named step failed without any', () => {
    const message = buildRunFailureMessage({ run: buildRunFixture({ state: 'failed' }), failedStep: 'train', logTail: [] });
    expect(JSON.stringify(message.blocks)).toContain('No log lines were captured for this step.');
  });

  it('escapes the log so it can neither ping anyone nor break out of the code block', () => {
    const message = buildRunFailureMessage({
      run: buildRunFixture({ state: 'failed' }),
      logTail: ['<!channel> look', 'a ``` b', '\u001b[31mred\u001b[0m', 'progress 10%\rprogress 100%'],
      message: '<!here>',
    });
    expect(message.blocks[2]).toMatchInlineSnapshot(`
      {
        "text": {
          "text": "\`\`\`
      &lt;!channel&gt; look
      a \`​\`​\` b
      red
      progress 100%
      \`\`\`",
          "type": "mrkdwn",
        },
        "type": "section",
      }
    `);
    expect(JSON.stringify(message)).not.toMatch(/<!(channel|here)>/);
  });

  it('stays within Slack limits with a huge log, huge lines, a huge message and a huge step name', () => {
    const logTail = Array.from({ length: 5_000 }, (_, index) => `line ${index} ${'&<>'.repeat(index % 7 === 0 ? 2_000 : 20)}`);
    const message = buildRunFailureMessage({
      run: buildRunFixture({ state: 'failed', project: 'p'.repeat(5_000) }),
      failedStep: 's'.repeat(5_000),
      exitCode: 137,
      message: 'm\n'.repeat(50_000),
      logTail,
      cause: recogniseFailureCause(['CUDA out of memory'], null),
    });
    expect(listSlackLimitViolations(message)).toEqual([]);
    expect(findBlockProblems(message.blocks, 'message')).toEqual([]);
    expect(message.blocks.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(message)).toContain('line 4999');
  });
});

describe('formatLogTail', () => {
  it('keeps the last lines that fit, at most 30, and says how many of how many', () => {
    const lines = Array.from({ length: 100 }, (_, index) => `line ${index}`);
    const tail = formatLogTail(lines);
    expect(tail.shownLines).toBe(logTailMaxLines);
    expect(tail.totalLines).toBe(100);
    expect(tail.text?.split('\n').at(1)).toBe('line 70');
    expect(tail.text?.split('\n').at(-2)).toBe('line 99');
  });

  it('stops adding lines when the next would not fit in a section', () => {
    const tail = formatLogTail(['x'.repeat(400), 'y'.repeat(400), 'z'.repeat(400)], 900);
    expect(tail.shownLines).toBe(2);
    expect(tail.text?.length).toBeLessThanOrEqual(900);
    expect(formatLogTail(['a'.repeat(300)]).text?.length).toBeLessThanOrEqual(slackLimits.sectionText);
  });

  it('has no text for an empty log', () => {
    expect(formatLogTail(['', ''])).toEqual({ text: undefined, shownLines: 0, totalLines: 0 });
  });
});
