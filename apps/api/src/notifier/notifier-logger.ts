// The part of a pino logger the notifier uses; the api passes its own logger (or a child of it).

export type NotifierLogFn = (fields: Record<string, unknown>, message: string) => void;

export interface NotifierLogger {
  debug: NotifierLogFn;
  info: NotifierLogFn;
  warn: NotifierLogFn;
  error: NotifierLogFn;
}
