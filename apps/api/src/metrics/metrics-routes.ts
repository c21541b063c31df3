import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiMetrics } from './api-metrics.ts';

export interface MetricsRoutesOptions {
  metrics: ApiMetrics;
}

export const metricsRoutes: FastifyPluginAsyncZod<MetricsRoutesOptions> = async (app, { metrics }) => {
  app.get(
    '/metrics',
    {
      schema: {
        operationId: 'metrics',
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        response: {
          200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
        },
      },
    },
    async (_request, reply) => {
      // A string with a text content type is sent as is, past the JSON serializer.
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
};
