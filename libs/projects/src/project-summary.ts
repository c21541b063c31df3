import type { ProjectSummary } from '@trainops/contracts';
import type { ProjectConfig } from './project-config-schema.ts';

/** The api's view of a project (`GET /api/v1/projects`): what chat needs, no infrastructure detail. */
export function toProjectSummary(project: ProjectConfig): ProjectSummary {
  return {
    name: project.name,
    description: project.description,
    task: project.task,
    baseModel: project.baseModel,
    parameters: structuredClone(project.parameters),
    slackChannel: project.slack.channel,
    requesters: [...project.slack.requesters],
    approvers: [...project.slack.approvers],
  };
}
