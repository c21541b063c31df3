// Server-side printing: `kubectl get` asks for `as=Table` and prints whatever columns the server
// sends. The columns copy the real printers (core types) and Argo's CRD additionalPrinterColumns.
import type { ResourceDefinition } from './resource-definitions.ts';
import type { JsonObject, KubeObject } from './kube-object.ts';
import { isJsonObject } from './kube-object.ts';

export const includeObjectPolicies = ['None', 'Metadata', 'Object'] as const;
export type IncludeObjectPolicy = (typeof includeObjectPolicies)[number];

export interface TableOptions {
  /** `meta.k8s.io/v1` or `meta.k8s.io/v1beta1`, whichever the client asked for. */
  apiVersion: string;
  includeObject: IncludeObjectPolicy;
  /** Watches send column definitions with the first event only. */
  withColumnDefinitions: boolean;
  now: Date;
}

export interface TableListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format: string;
  description: string;
  priority: number;
  cell: (object: KubeObject, now: Date) => unknown;
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration: the AGE kubectl users know. */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function ageSince(timestamp: unknown, now: Date): string | null {
  if (typeof timestamp !== 'string') return null;
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? null : humanDuration(now.getTime() - time);
}

function field(object: KubeObject, ...path: string[]): unknown {
  let current: unknown = object;
  for (const part of path) current = isJsonObject(current) ? current[part] : undefined;
  return current;
}

function countKeys(value: unknown): number {
  return isJsonObject(value) ? Object.keys(value).length : 0;
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
  cell: (object) => object.metadata.name,
};

const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  format: '',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: (object, now) => ageSince(object.metadata.creationTimestamp, now),
};

function containerStatuses(object: KubeObject): JsonObject[] {
  const statuses = field(object, 'status', 'containerStatuses');
  return Array.isArray(statuses) ? statuses.filter(isJsonObject) : [];
}

/** The STATUS column of `kubectl get pods`, after printPod in kubernetes/pkg/printers. */
function podStatusReason(object: KubeObject): string {
  let reason = String(field(object, 'status', 'reason') ?? field(object, 'status', 'phase') ?? '');
  for (const status of containerStatuses(object)) {
    const state = isJsonObject(status['state']) ? status['state'] : {};
    const waiting = isJsonObject(state['waiting']) ? state['waiting'] : undefined;
    const terminated = isJsonObject(state['terminated']) ? state['terminated'] : undefined;
    if (waiting !== undefined && typeof waiting['reason'] === 'string' && waiting['reason'] !== '') {
      reason = waiting['reason'];
    } else if (terminated !== undefined) {
      if (typeof terminated['reason'] === 'string' && terminated['reason'] !== '') reason = terminated['reason'];
      else if (typeof terminated['signal'] === 'number' && terminated['signal'] !== 0) reason = `Signal:${terminated['signal']}`;
      else reason = `ExitCode:${String(terminated['exitCode'] ?? 0)}`;
    }
  }
  if (object.metadata.deletionTimestamp !== undefined) reason = 'Terminating';
  return reason;
}

const columnsByKind: Record<string, Column[]> = {
  Pod: [
    nameColumn,
    {
      name: 'Ready',
      type: 'string',
      format: '',
      description: 'The aggregate readiness state of this pod for accepting traffic.',
      priority: 0,
      cell: (object) => {
        const containers = field(object, 'spec', 'containers');
        const total = Array.isArray(containers) ? containers.length : 0;
        const ready = containerStatuses(object).filter((status) => status['ready'] === true).length;
        return `${ready}/${total}`;
      },
    },
    {
      name: 'Status',
      type: 'string',
      format: '',
      description: 'The aggregate status of the containers in this pod.',
      priority: 0,
      cell: podStatusReason,
    },
    {
      name: 'Restarts',
      type: 'string',
      format: '',
      description: 'The number of times the containers in this pod have been restarted.',
      priority: 0,
      cell: (object) =>
        String(containerStatuses(object).reduce((sum, status) => sum + (typeof status['restartCount'] === 'number' ? status['restartCount'] : 0), 0)),
    },
    ageColumn,
    {
      name: 'IP',
      type: 'string',
      format: '',
      description: 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      priority: 1,
      cell: (object) => field(object, 'status', 'podIP') ?? '<none>',
    },
    {
      name: 'Node',
      type: 'string',
      format: '',
      description: 'NodeName is a request to schedule this pod onto a specific node.',
      priority: 1,
      cell: (object) => field(object, 'spec', 'nodeName') ?? '<none>',
    },
  ],
  Secret: [
    nameColumn,
    { name: 'Type', type: 'string', format: '', description: 'The type of the secret', priority: 0, cell: (object) => object['type'] ?? '' },
    { name: 'Data', type: 'string', format: '', description: 'The number of entries in the secret', priority: 0, cell: (object) => countKeys(object['data']) },
    ageColumn,
  ],
  ConfigMap: [
    nameColumn,
    {
      name: 'Data',
      type: 'string',
      format: '',
      description: 'The number of entries in the config map',
      priority: 0,
      cell: (object) => countKeys(object['data']) + countKeys(object['binaryData']),
    },
    ageColumn,
  ],
  Namespace: [
    nameColumn,
    {
      name: 'Status',
      type: 'string',
      format: '',
      description: 'The status of the namespace',
      priority: 0,
      cell: (object) => field(object, 'status', 'phase') ?? '',
    },
    ageColumn,
  ],
  // Argo's CRD additionalPrinterColumns: its Age is the start of the run, not the object's.
  Workflow: [
    nameColumn,
    { name: 'Status', type: 'string', format: '', description: 'Status of the workflow', priority: 0, cell: (object) => field(object, 'status', 'phase') ?? null },
    {
      name: 'Age',
      type: 'date',
      format: 'date-time',
      description: 'When the workflow was started',
      priority: 0,
      cell: (object, now) => ageSince(field(object, 'status', 'startedAt'), now),
    },
    {
      name: 'Message',
      type: 'string',
      format: '',
      description: 'Human readable message indicating details about why the workflow is in this condition.',
      priority: 0,
      cell: (object) => field(object, 'status', 'message') ?? null,
    },
  ],
};

function columnsOf(definition: ResourceDefinition): Column[] {
  return columnsByKind[definition.kind] ?? [nameColumn, { ...ageColumn, type: 'date' }];
}

function rowObject(object: KubeObject, options: TableOptions): JsonObject | undefined {
  switch (options.includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      return object;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: options.apiVersion, metadata: object.metadata };
  }
}

export function buildTable(
  definition: ResourceDefinition,
  objects: readonly KubeObject[],
  listMeta: TableListMeta,
  options: TableOptions,
): JsonObject {
  const columns = columnsOf(definition);
  return {
    kind: 'Table',
    apiVersion: options.apiVersion,
    metadata: listMeta,
    ...(options.withColumnDefinitions
      ? { columnDefinitions: columns.map(({ cell: _cell, ...definitionOnly }) => definitionOnly) }
      : {}),
    rows: objects.map((object) => {
      const embedded = rowObject(object, options);
      return {
        cells: columns.map((column) => column.cell(object, options.now)),
        ...(embedded === undefined ? {} : { object: embedded }),
      };
    }),
  };
}
