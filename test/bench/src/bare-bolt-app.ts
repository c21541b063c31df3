// The ack latency benchmark's baseline: a Bolt app that only acks /train, on Bolt's HTTP receiver
// and in a process of its own, like our bot. It talks to the same Slack stand-in with the same
// token, so its auth.test costs what the bot's does. Prints {"port":…} as one JSON line on stdout
// once it listens; stops on SIGTERM.
//   SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=xoxb-… SLACK_API_URL=http://…/api/ node test/bench/src/bare-bolt-app.ts
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`${name} is required\n`);
    process.exit(1);
  }
  return value;
}

const app = new App({
  signingSecret: required('SLACK_SIGNING_SECRET'),
  token: required('SLACK_BOT_TOKEN'),
  clientOptions: { slackApiUrl: required('SLACK_API_URL') },
  logLevel: LogLevel.ERROR,
});
app.command('/train', async ({ ack }) => {
  await ack();
});

process.once('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});

// Loopback only, as the bot listens in the benchmark.
const server = await app.start({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
