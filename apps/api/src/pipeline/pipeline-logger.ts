// The part of a pino logger the pipeline uses; the api passes its own logger (or a child of it).

export type PipelineLogFn = (fields: Record<string, unknown>, message: string) => void;

export interface PipelineLogger {
  debug: PipelineLogFn;
  info: PipelineLogFn;
  warn: PipelineLogFn;
  error: PipelineLogFn;
}

/** For callers that want no logs (benchmarks). */
export const silentPipelineLogger: PipelineLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
