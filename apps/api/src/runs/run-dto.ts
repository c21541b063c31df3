import type { ParameterValue, Run } from '@trainops/contracts';
import type { RunRecord as RunRow } from '@trainops/db';

/** Maps a database row to the api's Run answer (ISO dates, grouped workflow and Slack fields). */
export function toRunDto(row: RunRow): Run {
  return {
    id: row.id,
    project: row.project,
    kind: row.kind,
    trigger: row.trigger,
    requester: row.requester,
    params: asRecord(row.params) as Record<string, ParameterValue>,
    state: row.state,
    progress: row.progress,
    message: row.message,
    metrics: row.metrics === null ? null : asRecord(row.metrics),
    workflow:
      row.workflowNamespace !== null && row.workflowName !== null
        ? { namespace: row.workflowNamespace, name: row.workflowName }
        : null,
    artifactsPrefix: row.artifactsPrefix,
    slack:
      row.slackChannelId === null
        ? null
        : { channelId: row.slackChannelId, threadTs: row.slackThreadTs, cardTs: row.slackCardTs },
    parentRunId: row.parentRunId,
    scheduleId: row.scheduleId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

// Json columns are written only by this service as objects; anything else is a corrupted row
// and is shown as empty rather than breaking every list that contains it.
function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
