// List, then watch from the list's resourceVersion; resume a dropped watch from the last version
// seen, list again on 410 Gone (or after repeated failures, or every resync interval), as client-go's
// reflector does. Handlers must be idempotent: a relist replays every object.
import type { KubeApi } from './kube-api.ts';
import type { WorkflowObject } from './types.ts';

export interface WorkflowInformerHandlers {
  /** Every object of a (re)list, so missed deletions can be noticed. */
  onList(items: WorkflowObject[]): void;
  onUpsert(object: WorkflowObject): void;
  onDelete(object: WorkflowObject): void;
}

export interface WorkflowInformerOptions {
  resyncIntervalMs: number;
  log(message: string): void;
}

export interface WorkflowInformer {
  stop(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export function startWorkflowInformer(api: KubeApi, namespace: string, handlers: WorkflowInformerHandlers, options: WorkflowInformerOptions): WorkflowInformer {
  const stopper = new AbortController();
  let stopCurrentWatch: (() => void) | undefined;

  const watchOnce = (resourceVersion: string): Promise<{ resourceVersion: string; gone: boolean; failed: boolean }> =>
    new Promise((resolve) => {
      let latest = resourceVersion;
      let gone = false;
      let settled = false;
      let stopThis: (() => void) | undefined;
      let stopRequested = false;
      const stopWatch = (): void => {
        stopRequested = true;
        stopThis?.();
      };
      stopCurrentWatch = stopWatch;
      const finish = (failed: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(resyncTimer);
        resolve({ resourceVersion: latest, gone, failed });
      };
      const resyncTimer = setTimeout(() => {
        gone = true;
        stopWatch();
        finish(false);
      }, options.resyncIntervalMs);
      api
        .watchWorkflows(
          namespace,
          resourceVersion,
          (type, raw) => {
            const object = raw as WorkflowObject & { code?: number; kind?: string };
            if (type === 'ERROR') {
              if (object.code === 410) gone = true;
              stopWatch();
              finish(object.code !== 410);
              return;
            }
            if (object?.metadata?.resourceVersion) latest = object.metadata.resourceVersion;
            if (type === 'ADDED' || type === 'MODIFIED') handlers.onUpsert(object);
            else if (type === 'DELETED') handlers.onDelete(object);
          },
          (error: unknown) => {
            const code = (error as { statusCode?: number } | null)?.statusCode;
            if (code === 410) gone = true;
            finish(error !== null && error !== undefined && code !== 410);
          },
        )
        .then((stop) => {
          stopThis = stop;
          if (stopRequested || stopper.signal.aborted) stop();
        })
        .catch(() => finish(true));
    });

  const loop = async (): Promise<void> => {
    let listFailures = 0;
    while (!stopper.signal.aborted) {
      let resourceVersion: string;
      try {
        const list = await api.listWorkflows(namespace);
        listFailures = 0;
        resourceVersion = list.resourceVersion;
        handlers.onList(list.items.map((item) => ({ ...item, metadata: { ...item.metadata, namespace: item.metadata.namespace ?? namespace } })));
      } catch (error) {
        listFailures++;
        if (!stopper.signal.aborted) options.log(`list workflows in ${namespace} failed: ${(error as Error).message}`);
        await sleep(Math.min(100 * 2 ** listFailures, 5000), stopper.signal);
        continue;
      }
      let watchFailures = 0;
      while (!stopper.signal.aborted) {
        const outcome = await watchOnce(resourceVersion);
        resourceVersion = outcome.resourceVersion;
        if (stopper.signal.aborted || outcome.gone) break;
        if (outcome.failed) {
          watchFailures++;
          if (watchFailures > 5) break;
          await sleep(Math.min(50 * 2 ** watchFailures, 2000), stopper.signal);
        } else {
          watchFailures = 0;
        }
      }
    }
  };

  const running = loop();
  return {
    async stop() {
      stopper.abort();
      stopCurrentWatch?.();
      await running;
    },
  };
}
