import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { click } from './block-actions.ts';
import { createBotDelivery, type DeliveryRecord } from './bot-delivery.ts';
import { consoleAsset } from './console-assets.ts';
import { resolveOptions, type SlackEmulatorOptions } from './emulator-options.ts';
import { EmulatorRequestError } from './emulator-request-error.ts';
import type { EmulatorState } from './emulator-state.ts';
import { openAppHome, postUserMessage, sendEvent } from './events.ts';
import { createFileStore, fileTypeOf } from './file-store.ts';
import { BodyTooLargeError, parseApiArgs, readBody, sendJson, sendText, uploadedBytes } from './http-io.ts';
import type { InteractionContext, InteractionSettings } from './interaction-context.ts';
import { createResponseUrls, createTriggerIds } from './interaction-tokens.ts';
import { createLiveUpdates } from './live-updates.ts';
import { assertLoopbackUrl } from './loopback-url.ts';
import { createMessageStore } from './message-store.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createRecordLog } from './record-log.ts';
import { postToResponseUrl } from './response-payloads.ts';
import type { SlackEmulator } from './slack-emulator-types.ts';
import { createIdGenerator } from './slack-ids.ts';
import { sendCommand } from './slash-commands.ts';
import { handleTestApi } from './test-api.ts';
import { closeView, submitView } from './view-submissions.ts';
import { createViewStore } from './view-store.ts';
import { createWebApi, type ApiCallRecord } from './web-api.ts';
import { createWorkspace } from './workspace.ts';

// Composition root of the emulator: builds the state, the Web API, the sender and the test API,
// and routes HTTP requests to them. Listens on loopback only.

const maxApiBodyBytes = 5 * 1024 * 1024;

export async function startSlackEmulator(options: SlackEmulatorOptions): Promise<SlackEmulator> {
  const config = resolveOptions(options);
  const { seed } = config;
  const ids = createIdGenerator();
  let baseUrl = '';
  let closed = false;

  const live = createLiveUpdates();
  const workspace = createWorkspace(seed);
  const state: EmulatorState = {
    workspace,
    ids,
    messages: createMessageStore(
      { teamId: seed.team.id, botUserId: seed.bot.userId, botId: seed.bot.botId, appId: seed.bot.appId, botName: seed.bot.name },
      () => ids.ts(),
    ),
    files: createFileStore(() => ids.id('F'), () => ids.secret(16)),
    views: createViewStore({ teamId: seed.team.id, appId: seed.bot.appId, botId: seed.bot.botId }, () => ids.id('V'), () => `${Date.now()}.${ids.secret(6)}`),
    triggers: createTriggerIds(() => ids.triggerId(), () => config.triggerIdTtlMs),
    responseUrls: createResponseUrls(seed.team.id, () => ids.id('', 11), () => ids.secret(12), () => config.responseUrl),
    baseUrl: () => baseUrl,
    changed: (change) => live.publish(change),
  };
  const calls = createRecordLog<ApiCallRecord>();
  const deliveries = createRecordLog<DeliveryRecord>();
  const rateLimiter = createRateLimiter(config.rateLimits);
  const webApi = createWebApi({
    state,
    botToken: config.botToken,
    rateLimiter,
    calls,
    onUnexpectedError: (error, method) => config.log(`slack-emulator: ${method} failed: ${String((error as Error).stack ?? error)}`),
  });
  const delivery = createBotDelivery({
    signingSecret: config.signingSecret,
    log: deliveries,
    onRecorded: () => live.publish({ kind: 'delivery' }),
  });

  const background = new Set<Promise<unknown>>();
  const sleepers = new Set<{ timer: NodeJS.Timeout; resolve: (value: boolean) => void }>();
  const ctx: InteractionContext = {
    state,
    delivery,
    calls,
    settings: (): InteractionSettings => ({
      botRequestUrl: config.botRequestUrl,
      interactivityUrl: config.interactivityUrl,
      ackTimeoutMs: config.ackTimeoutMs,
      eventRetryDelaysMs: config.eventRetryDelaysMs,
      verificationToken: config.verificationToken,
      eventSubscriptions: config.eventSubscriptions,
    }),
    sleep(ms) {
      if (closed) return Promise.resolve(false);
      return new Promise((resolve) => {
        const entry = {
          timer: setTimeout(() => {
            sleepers.delete(entry);
            resolve(true);
          }, ms),
          resolve,
        };
        sleepers.add(entry);
      });
    },
  };

  const channelOrFail = (idOrName: string) => {
    const channel = workspace.findChannel(idOrName);
    if (channel === undefined) {
      throw new EmulatorRequestError(404, 'channel_not_found', `No channel ${JSON.stringify(idOrName)} in the workspace.`);
    }
    return channel;
  };

  const emulator: SlackEmulator = {
    url: '',
    apiUrl: '',
    workspace: seed,
    sendCommand: (o) => sendCommand(ctx, o),
    click: (o) => click(ctx, o),
    submitView: (o) => submitView(ctx, o),
    closeView: (o) => closeView(ctx, o),
    async postUserMessage(o) {
      const { message, events } = postUserMessage(ctx, o);
      // The events it causes are delivered in the background, retries included, as Slack does.
      background.add(events);
      void events.finally(() => background.delete(events));
      return message;
    },
    sendEvent: (event, o) => sendEvent(ctx, event, o),
    openAppHome: (user) => openAppHome(ctx, user),
    messages: (channel) => state.messages.view(channelOrFail(channel)),
    views(userIdOrName) {
      const user = workspace.findUser(userIdOrName);
      if (user === undefined) throw new EmulatorRequestError(404, 'user_not_found', `No user ${JSON.stringify(userIdOrName)} in the workspace.`);
      const home = state.views.home(user.id);
      return {
        modals: state.views.stack(user.id).map((v) => ({ ...state.views.toSlackView(v), errors: v.errors ?? null })),
        home: home === undefined ? null : state.views.toSlackView(home),
      };
    },
    calls: (method) => calls.list(method === undefined ? undefined : (c) => c.method === method),
    deliveries: (kind) => deliveries.list(kind === undefined ? undefined : (d) => d.kind === kind),
    setBotRequestUrl(url, interactivityUrl) {
      for (const [name, value] of [
        ['botRequestUrl', url],
        ['interactivityUrl', interactivityUrl],
      ] as const) {
        if (value === undefined) continue;
        try {
          assertLoopbackUrl(value, name);
        } catch (error) {
          throw new EmulatorRequestError(400, 'invalid_url', (error as Error).message);
        }
      }
      config.botRequestUrl = url;
      config.interactivityUrl = interactivityUrl;
    },
    setRateLimits: (limits) => rateLimiter.configure(limits),
    forceRateLimit: (forced) => rateLimiter.force(forced),
    reset() {
      state.messages.clear();
      state.files.clear();
      state.views.clear();
      state.triggers.clear();
      state.responseUrls.clear();
      workspace.reset();
      calls.clear();
      deliveries.clear();
      rateLimiter.reset();
      live.publish({ kind: 'reset' });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const sleeper of sleepers) {
        clearTimeout(sleeper.timer);
        sleeper.resolve(false);
      }
      sleepers.clear();
      delivery.close();
      await Promise.allSettled([...background]);
      live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  const workspaceSummary = () => ({
    team: seed.team,
    bot: seed.bot,
    users: seed.users,
    user_groups: seed.userGroups,
    channels: workspace.channels().map((c) => ({ id: c.id, name: c.name, topic: c.topic, is_private: c.isPrivate, is_im: c.isIm, members: [...c.members] })),
    bot_request_url: config.botRequestUrl ?? null,
    interactivity_url: config.interactivityUrl ?? null,
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const contentType = req.headers['content-type'] ?? '';

    const apiMatch = /^\/api\/([A-Za-z0-9._]+)$/.exec(path);
    if (apiMatch?.[1] !== undefined && (req.method === 'POST' || req.method === 'GET')) {
      const body = await readBody(req, maxApiBodyBytes);
      const args = await parseApiArgs(body, contentType, url.searchParams);
      if (args === undefined) return sendJson(res, 200, { ok: false, error: 'invalid_json' });
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
      const answer = webApi.call(apiMatch[1], args, token);
      return sendJson(res, answer.status, answer.body, answer.headers);
    }

    const uploadMatch = /^\/upload\/v1\/([a-f0-9]+)$/.exec(path);
    if (uploadMatch?.[1] !== undefined && req.method === 'POST') {
      const file = state.files.byUploadKey(uploadMatch[1]);
      if (file === undefined || file.completed) return sendText(res, 404, 'Not Found');
      const bytes = await uploadedBytes(await readBody(req, config.maxUploadBytes), contentType);
      if (bytes === undefined) return sendText(res, 400, 'Bad Request');
      file.content = bytes;
      return sendText(res, 200, `OK - ${bytes.length}`);
    }

    const fileMatch = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/(download\/)?[^/]+$/.exec(path);
    const consoleFileMatch = /^\/_emulator\/files\/(F[A-Z0-9]+)(?:\/[^/]*)?$/.exec(path);
    if ((fileMatch?.[1] !== undefined || consoleFileMatch?.[1] !== undefined) && req.method === 'GET') {
      // url_private needs the bot token like Slack's; the console's own path serves the page's <img>.
      if (fileMatch !== null && /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] !== config.botToken) {
        return sendText(res, 403, 'not_authed: url_private needs Authorization: Bearer <bot token>');
      }
      const file = state.files.get(fileMatch?.[1] ?? consoleFileMatch?.[1] ?? '');
      if (file?.content === undefined || !file.completed) return sendText(res, 404, 'file_not_found');
      const headers: Record<string, string> = { 'Content-Type': fileTypeOf(file.filename).mimetype, 'Content-Length': String(file.content.length) };
      if (fileMatch?.[2] !== undefined) headers['Content-Disposition'] = `attachment; filename="${file.filename.replace(/"/g, '')}"`;
      res.writeHead(200, headers);
      res.end(file.content);
      return;
    }

    const responseUrlMatch = /^\/(commands|actions)\/[A-Z0-9]+\/([A-Z0-9]+)\/([a-f0-9]+)$/.exec(path);
    if (responseUrlMatch !== null && req.method === 'POST') {
      const [, kind = '', id = '', secret = ''] = responseUrlMatch;
      const body = await readBody(req, maxApiBodyBytes);
      const outcome = postToResponseUrl(ctx, state.responseUrls.find(kind, id, secret), body.toString('utf8'), contentType);
      return sendJson(res, outcome.status, outcome.body);
    }

    const permalinkMatch = /^\/archives\/([A-Z0-9]+)\/p(\d+)(\d{6})$/.exec(path);
    if (permalinkMatch !== null && req.method === 'GET') {
      const [, channel = '', seconds = '', micros = ''] = permalinkMatch;
      res.writeHead(302, { Location: `/?channel=${channel}&ts=${seconds}.${micros}` });
      res.end();
      return;
    }

    if (path.startsWith('/_emulator/')) {
      return handleTestApi(req, res, url, {
        emulator,
        subscribe: (r) => live.subscribe(r),
        workspaceSummary,
        rateLimitSettings: () => rateLimiter.settings(),
      });
    }

    if (req.method === 'GET') {
      const asset = consoleAsset(path);
      if (asset !== undefined) {
        const content = await readFile(asset.file);
        res.writeHead(200, { 'Content-Type': asset.contentType, 'Content-Length': content.length, 'Cache-Control': 'no-cache' });
        res.end(content);
        return;
      }
    }
    sendJson(res, 404, { ok: false, error: 'not_found', message: `Nothing at ${req.method ?? 'GET'} ${path}.` });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { ok: false, error: 'too_large', message: error.message });
      config.log(`slack-emulator: ${req.method ?? ''} ${req.url ?? ''} failed: ${String((error as Error).stack ?? error)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;
  Object.assign(emulator, { url: baseUrl, apiUrl: `${baseUrl}/api/` });
  return emulator;
}
