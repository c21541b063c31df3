import type { ClickOptions, ClickResult } from './block-actions.ts';
import type { DeliveryKind, DeliveryRecord } from './bot-delivery.ts';
import type { EventDeliveryResult, PostUserMessageOptions, SendEventOptions } from './events.ts';
import type { JsonObject } from './json-values.ts';
import type { ChannelMessages, SlackMessage } from './message-store.ts';
import type { ForcedRateLimit, RateLimitOptions } from './rate-limiter.ts';
import type { ResolvedSeed } from './seed-config.ts';
import type { CommandResult, SendCommandOptions } from './slash-commands.ts';
import type { CloseViewOptions, SubmitViewOptions, SubmitViewResult } from './view-submissions.ts';
import type { ApiCallRecord } from './web-api.ts';

/** A running Slack emulator. Methods that act as a person refuse bad input with EmulatorRequestError. */
export interface SlackEmulator {
  /** `http://127.0.0.1:<port>`: the console, and the base of every other URL. */
  readonly url: string;
  /** `url + '/api/'`: give it to WebClient as `slackApiUrl`. */
  readonly apiUrl: string;
  readonly workspace: ResolvedSeed;
  /** A person runs a slash command; resolves once the bot acknowledged (or three seconds passed). */
  sendCommand(options: SendCommandOptions): Promise<CommandResult>;
  /** A person clicks a button or picks an option; the confirm dialog, if any, is accepted. */
  click(options: ClickOptions): Promise<ClickResult>;
  submitView(options: SubmitViewOptions): Promise<SubmitViewResult>;
  closeView(options: CloseViewOptions): Promise<{ notified: DeliveryRecord | undefined }>;
  /** A person writes a message; the events it causes (app_mention, message.*) go to the bot in the background. */
  postUserMessage(options: PostUserMessageOptions): Promise<SlackMessage>;
  sendEvent(event: JsonObject, options?: SendEventOptions): Promise<EventDeliveryResult>;
  openAppHome(user: string): Promise<EventDeliveryResult | undefined>;
  /** A channel's messages with replies, edit counts, files, and ephemeral messages per recipient. */
  messages(channel: string): ChannelMessages;
  /** A person's open modals (bottom first) and Home tab, as the Web API returns views. */
  views(user: string): { modals: JsonObject[]; home: JsonObject | null };
  /** Web API calls so far (and response_url posts, as method "response_url"), oldest first. */
  calls(method?: string): ApiCallRecord[];
  /** Requests sent to the bot so far, oldest first. */
  deliveries(kind?: DeliveryKind): DeliveryRecord[];
  /** Points deliveries at another bot URL; undefined stops them. */
  setBotRequestUrl(url: string | undefined, interactivityUrl?: string): void;
  setRateLimits(options: RateLimitOptions): void;
  /** Makes the next `count` calls of a method answer 429 with the given Retry-After. */
  forceRateLimit(forced: ForcedRateLimit): void;
  /** Forgets messages, files, views, logs and rate-limit counters; keeps the seed and settings. */
  reset(): void;
  close(): Promise<void>;
}
