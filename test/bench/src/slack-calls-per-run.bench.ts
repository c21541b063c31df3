// Slack calls for one 50-epoch run (issue text: "at most one card edit per 5 seconds of run time,
// and exactly one final edit"). The whole dev stack runs with the production card edit interval;
// `/train pcb-defect epochs=50` goes in through the Slack stand-in as alice types it, and once the
// card has ended succeeded with its result in the thread, the stand-in's Web API call log is
// counted. Prints one JSON report; exits 1 when a target is missed.
//   node test/bench/src/slack-calls-per-run.bench.ts [--seconds-per-epoch 0.6] [--card-edit-interval-ms 5000] [--epochs 50]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApiClient, type ApiClient } from '@trainops/api-client';
import { isFinishedRunState, type Run } from '@trainops/contracts';
import { loadDevStackConfig, startDevStack, type DevStack } from '@trainops/dev-stack';
import type { ApiCallRecord } from '@trainops/slack-emulator';
import { summariseRunSlackCalls } from './run-slack-calls.ts';

const { values } = parseArgs({
  options: {
    'seconds-per-epoch': { type: 'string', default: '0.6' },
    'card-edit-interval-ms': { type: 'string', default: '5000' },
    epochs: { type: 'string', default: '50' },
    'timeout-seconds': { type: 'string', default: '600' },
  },
});
const settings = {
  epochs: Number(values.epochs),
  secondsPerEpoch: Number(values['seconds-per-epoch']),
  cardEditIntervalMs: Number(values['card-edit-interval-ms']),
};
const timeoutMs = Number(values['timeout-seconds']) * 1000;
const workspaceRoot = path.resolve(import.meta.dirname, '../../..');

interface ChannelMessage {
  ts: string;
  text: string;
  replies?: Array<{ text: string; blocks?: Array<{ type: string }> }>;
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'trainops-bench-'));
const output: string[] = [];
let stack: DevStack | undefined;
try {
  stack = await startDevStack(
    loadDevStackConfig(
      {
        DATA_DIR: dataDir,
        API_PORT: '0',
        BOT_PORT: '0',
        SLACK_EMULATOR_PORT: '0',
        S3_EMULATOR_PORT: '0',
        KUBE_EMULATOR_PORT: '0',
        LOG_LEVEL: 'warn',
        YOLO_SECONDS_PER_EPOCH: String(settings.secondsPerEpoch),
        SLACK_CARD_EDIT_INTERVAL_MS: String(settings.cardEditIntervalMs),
      },
      workspaceRoot,
    ),
    { onOutput: (line) => output.push(line) },
  );
  const slackUrl = stack.info.slack;
  const api = createApiClient({ baseUrl: stack.info.api, token: stack.info.apiToken });
  // A part of the stack that dies ends the wait at once, with what it said.
  const died = stack.failed.then((reason) => Promise.reject(new Error(reason)));
  died.catch(() => undefined);

  // Only this run happens on the fresh stack, so every bot-token call after the command is its.
  const callsBefore = (await botTokenCalls(slackUrl)).length;
  const command = await postJson(`${slackUrl}/_emulator/command`, { user: 'alice', channel: 'pcb-defect', text: `/train pcb-defect epochs=${settings.epochs}` });
  if (!command.ok) throw new Error(`the Slack stand-in refused the command: ${JSON.stringify(command)}`);

  const run = await Promise.race([died, waitForFinishedRun(api)]);
  if (run.state !== 'succeeded' || run.slack?.cardTs == null) throw new Error(`the run ended ${run.state}: ${run.message ?? '(no message)'}`);
  const card = { channel: run.slack.channelId, ts: run.slack.cardTs };
  await Promise.race([died, waitForResultInThread(slackUrl, card.channel, card.ts)]);
  await Promise.race([died, waitUntilCallsSettle(slackUrl, settings.cardEditIntervalMs + 3000)]);

  const calls = (await botTokenCalls(slackUrl)).slice(callsBefore);
  const report = summariseRunSlackCalls({ calls, card });
  // Read again: the metrics are stored after the state, with the results.
  const ended = await api.getRun(run.id);
  console.log(
    JSON.stringify(
      { benchmark: 'slack calls per run', settings, run: { id: ended.id, state: ended.state, epochsRun: ended.metrics?.['epochsRun'] ?? null }, ...report },
      null,
      2,
    ),
  );
  if (!report.pass.all) process.exitCode = 1;
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n--- last dev stack output ---\n${output.slice(-40).join('\n')}`);
  process.exitCode = 2;
} finally {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/** The Web API calls the bot token made (calls with no or a wrong token are someone else's). */
async function botTokenCalls(slackUrl: string): Promise<ApiCallRecord[]> {
  const body = (await (await fetch(`${slackUrl}/_emulator/calls`)).json()) as { calls: ApiCallRecord[] };
  return body.calls.filter((record) => record.error !== 'not_authed' && record.error !== 'invalid_auth');
}

async function waitForFinishedRun(api: ApiClient): Promise<Run> {
  return poll('the run to finish', async () => {
    const [run] = (await api.listRuns({ project: 'pcb-defect' })).items;
    return run !== undefined && isFinishedRunState(run.state) ? run : undefined;
  });
}

/** The card says succeeded and the result (with its Approve / Reject actions) is in the thread. */
async function waitForResultInThread(slackUrl: string, channel: string, cardTs: string): Promise<void> {
  await poll('the card to end succeeded with its result in the thread', async () => {
    const body = (await (await fetch(`${slackUrl}/_emulator/messages?channel=${channel}`)).json()) as { messages: ChannelMessage[] };
    const card = body.messages.find((message) => message.ts === cardTs);
    const done = card !== undefined && /succeeded/.test(card.text) && (card.replies ?? []).some((reply) => reply.blocks?.some((block) => block.type === 'actions'));
    return done ? true : undefined;
  });
}

/**
 * Waits until no Web API call has come for `quietMs`: an edit the notifier still had waiting
 * after the final one (a defect this benchmark exists to catch) would come within an interval.
 */
async function waitUntilCallsSettle(slackUrl: string, quietMs: number): Promise<void> {
  let count = (await botTokenCalls(slackUrl)).length;
  let quietSince = Date.now();
  await poll('the Slack calls to stop', async () => {
    const now = (await botTokenCalls(slackUrl)).length;
    if (now !== count) {
      count = now;
      quietSince = Date.now();
    }
    return Date.now() - quietSince >= quietMs ? true : undefined;
  });
}

async function poll<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    // Twice a second: the bench must not load the 2-core machine it measures on.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function postJson(url: string, body: unknown): Promise<{ ok: boolean }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as { ok: boolean };
}
