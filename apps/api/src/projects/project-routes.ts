import { ErrorBodySchema, ProjectListSchema } from '@trainops/contracts';
import { toProjectSummary } from '@trainops/projects';
import type { ProjectRegistry } from '@trainops/projects';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export interface ProjectRoutesOptions {
  projects: ProjectRegistry;
}

export const projectRoutes: FastifyPluginAsyncZod<ProjectRoutesOptions> = async (app, { projects }) => {
  app.get(
    '/projects',
    {
      schema: {
        operationId: 'listProjects',
        tags: ['projects'],
        summary: 'The projects that can be trained, with the parameters each accepts',
        security: [{ bearerAuth: [] }],
        response: { 200: ProjectListSchema, 401: ErrorBodySchema },
      },
    },
    async () => ({ items: projects.list().map(toProjectSummary) }),
  );
};
