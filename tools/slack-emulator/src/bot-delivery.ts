import http from 'node:http';
import https from 'node:https';
import type { RecordLog } from './record-log.ts';
import { signSlackRequest } from './slack-signature.ts';

// Sends one signed request to the bot the way Slack does and records how the bot answered: its
// status, its body, and how long it took. Slack stops waiting after three seconds; so does this,
// but it keeps listening afterwards so a slow acknowledgement is still measured and recorded.

export type DeliveryKind = 'slash_command' | 'block_actions' | 'view_submission' | 'view_closed' | 'event_callback';

export interface DeliveryRecord {
  id: number;
  kind: DeliveryKind;
  /** What was delivered, for people reading the log: `/train pcb-defect`, `approve_run`, `app_mention`. */
  summary: string;
  url: string;
  at: string;
  retryNum: number;
  retryReason?: string;
  /** The bot's HTTP status, or null when it did not answer in time or could not be reached. */
  status: number | null;
  /** Milliseconds until the bot's answer, or null when it did not answer in time. */
  ackMs: number | null;
  timedOut: boolean;
  error?: string;
  responseBody: string;
  responseContentType?: string;
  /** The bot sent `X-Slack-No-Retry: 1`. */
  noRetry: boolean;
  /** When the bot answered after the deadline: the status and time of that late answer. */
  lateStatus?: number;
  lateAckMs?: number;
}

export interface DeliveryRequest {
  kind: DeliveryKind;
  summary: string;
  url: string;
  body: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  timeoutMs: number;
  retryNum?: number;
  retryReason?: string;
}

export interface BotDelivery {
  deliver(request: DeliveryRequest): Promise<DeliveryRecord>;
  /** Abandons requests still waiting for a late answer. */
  close(): void;
}

export interface BotDeliveryOptions {
  signingSecret: string;
  log: RecordLog<DeliveryRecord>;
  onRecorded?: (record: DeliveryRecord) => void;
  /** How long to keep listening for a late answer, for the record. */
  lateAnswerWindowMs?: number;
}

const maxResponseBytes = 1024 * 1024;

export function createBotDelivery(options: BotDeliveryOptions): BotDelivery {
  const inFlight = new Set<http.ClientRequest>();
  let nextId = 0;

  return {
    deliver(request) {
      nextId += 1;
      const record: DeliveryRecord = {
        id: nextId,
        kind: request.kind,
        summary: request.summary,
        url: request.url,
        at: new Date().toISOString(),
        retryNum: request.retryNum ?? 0,
        status: null,
        ackMs: null,
        timedOut: false,
        responseBody: '',
        noRetry: false,
      };
      if (request.retryReason !== undefined) record.retryReason = request.retryReason;
      options.log.add(record);

      return new Promise<DeliveryRecord>((resolve) => {
        let settled = false;
        const started = performance.now();
        const settle = () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          options.onRecorded?.(record);
          resolve(record);
        };
        const timestamp = Math.floor(Date.now() / 1000);
        const headers: Record<string, string> = {
          'Content-Type': request.contentType,
          'Content-Length': String(Buffer.byteLength(request.body)),
          'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
          'X-Slack-Request-Timestamp': String(timestamp),
          'X-Slack-Signature': signSlackRequest({ signingSecret: options.signingSecret, timestamp, body: request.body }),
        };
        if (request.retryNum !== undefined && request.retryNum > 0) {
          headers['X-Slack-Retry-Num'] = String(request.retryNum);
          headers['X-Slack-Retry-Reason'] = request.retryReason ?? 'http_error';
        }
        const url = new URL(request.url);
        const transport = url.protocol === 'https:' ? https : http;
        // No keep-alive: each delivery is its own connection, so nothing lingers after close().
        const req = transport.request(url, { method: 'POST', headers, agent: false });
        inFlight.add(req);
        const lateWindow = setTimeout(() => req.destroy(), request.timeoutMs + (options.lateAnswerWindowMs ?? 30_000));
        lateWindow.unref();
        const deadline = setTimeout(() => {
          record.timedOut = true;
          settle();
        }, request.timeoutMs);

        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= maxResponseBytes) chunks.push(chunk);
          });
          res.on('end', () => {
            const elapsed = Math.round(performance.now() - started);
            inFlight.delete(req);
            clearTimeout(lateWindow);
            if (record.timedOut) {
              record.lateStatus = res.statusCode ?? 0;
              record.lateAckMs = elapsed;
              options.onRecorded?.(record);
              return;
            }
            record.status = res.statusCode ?? 0;
            record.ackMs = elapsed;
            record.responseBody = Buffer.concat(chunks).toString('utf8');
            const contentType = res.headers['content-type'];
            if (contentType !== undefined) record.responseContentType = contentType;
            record.noRetry = res.headers['x-slack-no-retry'] === '1';
            settle();
          });
          res.on('error', () => undefined);
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          inFlight.delete(req);
          clearTimeout(lateWindow);
          if (settled) return;
          record.error = error.code ?? error.message;
          settle();
        });
        req.end(request.body);
      });
    },
    close() {
      for (const req of inFlight) req.destroy();
      inFlight.clear();
    },
  };
}
