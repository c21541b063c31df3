import type { EmulatorState } from './emulator-state.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RecordLog } from './record-log.ts';
import { chatMethods, type MethodHandler } from './web-api-chat.ts';
import { directoryMethods } from './web-api-directory.ts';
import { SlackApiError, stringArg, type ApiArgs } from './web-api-errors.ts';
import { fileMethods } from './web-api-files.ts';
import { viewMethods } from './web-api-views.ts';

// The Web API dispatcher: token check, rate limit, method, and a record of every call so tests can
// count what the product did (how many chat.update calls one run caused, say).

export interface ApiCallRecord {
  at: string;
  method: string;
  /** The arguments as received, without the token. */
  args: ApiArgs;
  ok: boolean;
  error?: string;
  /** HTTP status of the answer: 200, or 429 when rate limited. */
  status: number;
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface WebApi {
  readonly methods: string[];
  call(method: string, args: ApiArgs, token: string | undefined): ApiAnswer;
}

export interface WebApiOptions {
  state: EmulatorState;
  botToken: string;
  rateLimiter: RateLimiter;
  calls: RecordLog<ApiCallRecord>;
  onUnexpectedError?: (error: unknown, method: string) => void;
}

export const webApiMethods: Record<string, MethodHandler> = {
  ...directoryMethods,
  ...chatMethods,
  ...viewMethods,
  ...fileMethods,
};

export function createWebApi(options: WebApiOptions): WebApi {
  const { state, botToken, rateLimiter, calls } = options;
  function answer(method: string, args: ApiArgs, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): ApiAnswer {
    const record: ApiCallRecord = { at: new Date().toISOString(), method, args, ok: body.ok === true, status };
    if (typeof body.error === 'string') record.error = body.error;
    calls.add(record);
    return { status, headers, body };
  }

  return {
    methods: Object.keys(webApiMethods).sort(),
    call(method, rawArgs, token) {
      const args = { ...rawArgs };
      delete args.token;
      if (token === undefined || token === '') return answer(method, args, 200, { ok: false, error: 'not_authed' });
      if (token !== botToken) return answer(method, args, 200, { ok: false, error: 'invalid_auth' });
      const handler = webApiMethods[method];
      if (handler === undefined) return answer(method, args, 200, { ok: false, error: 'unknown_method', req_method: method });

      const channelArg = stringArg(args, 'channel');
      const channelKey = channelArg === undefined ? undefined : (state.workspace.findChannel(channelArg)?.id ?? channelArg);
      const decision = rateLimiter.check(method, channelKey);
      if (!decision.allowed) {
        return answer(method, args, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(decision.retryAfterSeconds) });
      }
      try {
        return answer(method, args, 200, { ok: true, ...handler(args, state) });
      } catch (error) {
        if (error instanceof SlackApiError) return answer(method, args, 200, { ok: false, error: error.error, ...error.extra });
        options.onUnexpectedError?.(error, method);
        return answer(method, args, 200, { ok: false, error: 'fatal_error' });
      }
    },
  };
}
