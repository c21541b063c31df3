import { LogLevel, WebClient } from '@slack/web-api';
import type { Logger } from '@slack/web-api';
import type { Block } from '@trainops/slack-ui';

// The Slack Web API methods the notifier calls, as a port. The real WebClient fits it as it is;
// createNotifierWebClient builds one configured so that the notifier's queue is the only place
// that retries or waits (the WebClient's own retries and rate-limit pauses are switched off).

/** Slack message metadata: machine-readable facts a later reader of the thread can find again. */
export interface SlackMessageMetadata {
  event_type: string;
  event_payload: Record<string, string | number | boolean>;
}

export interface PostMessageArguments {
  channel: string;
  text: string;
  blocks: Block[];
  thread_ts?: string;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  metadata?: SlackMessageMetadata;
}

export interface UpdateMessageArguments {
  channel: string;
  ts: string;
  text: string;
  blocks: Block[];
}

export interface PostEphemeralArguments {
  channel: string;
  user: string;
  text: string;
  blocks: Block[];
  thread_ts?: string;
}

export interface SlackAnswer {
  ok?: boolean;
  error?: string;
}

export interface SlackClientPort {
  chat: {
    postMessage(args: PostMessageArguments): Promise<SlackAnswer & { ts?: string; channel?: string }>;
    update(args: UpdateMessageArguments): Promise<SlackAnswer & { ts?: string; channel?: string }>;
    postEphemeral(args: PostEphemeralArguments): Promise<SlackAnswer & { message_ts?: string }>;
  };
  files: {
    getUploadURLExternal(args: { filename: string; length: number }): Promise<SlackAnswer & { upload_url?: string; file_id?: string }>;
    completeUploadExternal(args: {
      files: [{ id: string; title?: string }];
      channel_id: string;
      thread_ts: string;
    }): Promise<SlackAnswer & { files?: Array<{ id?: string }> }>;
  };
}

export interface NotifierWebClientOptions {
  /** The bot token (`xoxb-…`). */
  token: string;
  /** Default Slack's; the Slack emulator's `apiUrl` locally. */
  slackApiUrl?: string;
  /** Per HTTP request; a timed-out call counts as a network error and is retried by the queue. */
  timeoutMs?: number;
}

export function createNotifierWebClient(options: NotifierWebClientOptions): WebClient {
  return new WebClient(options.token, {
    ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logger: silentLogger,
  });
}

// Failures are logged once, by the notifier, with the run they belong to and Slack's own
// explanation (response_metadata.messages); the WebClient's console lines would say it twice.
const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};
