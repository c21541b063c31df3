import { z } from 'zod';
import { errorCodes } from './errors.ts';
import { ParameterSpecSchema, ParameterValueSchema } from './parameters.ts';
import { RunKindSchema, RunStateSchema, RunTriggerSchema } from './run-states.ts';

// The api's request and response bodies (`/api/v1`). The api declares its routes with these and
// the api-client parses answers with them, so both ends agree by construction.

export const ProjectNameSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/, 'a project name is 1-40 lowercase letters, digits or dashes');

export const SlackOriginSchema = z.object({
  teamId: z.string().min(1).optional(),
  channelId: z.string().min(1),
  userId: z.string().min(1).optional(),
  threadTs: z.string().min(1).optional(),
});
export type SlackOrigin = z.infer<typeof SlackOriginSchema>;

export const CreateRunRequestSchema = z.object({
  project: z.string().min(1).max(100),
  params: z.record(z.string(), ParameterValueSchema).default({}),
  trigger: RunTriggerSchema.default('api'),
  /** Who asked: a Slack user id for chat, the client's name for machine clients. */
  requester: z.string().min(1).max(200).optional(),
  slack: SlackOriginSchema.optional(),
});
export type CreateRunRequest = z.input<typeof CreateRunRequestSchema>;

/** Answer header set when an Idempotency-Key matched an earlier request: the run is that one. */
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IdempotencyKeySchema = z
  .string()
  .min(8, 'Idempotency-Key must be 8-200 characters')
  .max(200, 'Idempotency-Key must be 8-200 characters')
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be printable ASCII without spaces');

export const RunSchema = z.object({
  id: z.string(),
  project: z.string(),
  kind: RunKindSchema,
  trigger: RunTriggerSchema,
  requester: z.string(),
  params: z.record(z.string(), ParameterValueSchema),
  state: RunStateSchema,
  progress: z.string().nullable(),
  message: z.string().nullable(),
  metrics: z.record(z.string(), z.unknown()).nullable(),
  workflow: z.object({ namespace: z.string(), name: z.string() }).nullable(),
  artifactsPrefix: z.string().nullable(),
  slack: z
    .object({ channelId: z.string(), threadTs: z.string().nullable(), cardTs: z.string().nullable() })
    .nullable(),
  parentRunId: z.string().nullable(),
  scheduleId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type Run = z.infer<typeof RunSchema>;

export const RunIdParamsSchema = z.object({ id: z.uuid() });

export const ListRunsQuerySchema = z.object({
  project: z.string().min(1).max(100).optional(),
  state: RunStateSchema.optional(),
  trigger: RunTriggerSchema.optional(),
  requester: z.string().min(1).max(200).optional(),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListRunsQuery = z.input<typeof ListRunsQuerySchema>;

export const RunListSchema = z.object({
  items: z.array(RunSchema),
  nextCursor: z.string().nullable(),
});
export type RunList = z.infer<typeof RunListSchema>;

export const ProjectSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  task: z.string(),
  baseModel: z.string(),
  parameters: z.record(z.string(), ParameterSpecSchema),
  slackChannel: z.string().nullable(),
  requesters: z.array(z.string()),
  approvers: z.array(z.string()),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

export const ProjectListSchema = z.object({ items: z.array(ProjectSummarySchema) });
export type ProjectList = z.infer<typeof ProjectListSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/**
 * Body of `POST /runs/{id}/cancel` and `/retry`. The bot names the Slack user who clicked; a
 * machine client sends `{}` and acts as itself.
 */
export const RunActionRequestSchema = z.object({
  /** The Slack user id the bot acts for; machine clients must leave it out. */
  requester: z.string().min(1).max(200).optional(),
});
export type RunActionRequest = z.input<typeof RunActionRequestSchema>;

export const CancelRunRequestSchema = RunActionRequestSchema;
export type CancelRunRequest = RunActionRequest;

export const RetryRunRequestSchema = RunActionRequestSchema;
export type RetryRunRequest = RunActionRequest;
