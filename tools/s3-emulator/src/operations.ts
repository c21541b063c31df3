// Names the S3 operation a request asks for, the way the S3 API reference names it, from the
// method, the level (service / bucket / object) and the sub-resource in the query. Unsupported
// operations are still named so that a NotImplemented answer (and a fault rule) can say which.
import type { RequestTarget } from './request-target.ts';

export const s3OperationNames = [
  'ListBuckets',
  'CreateBucket',
  'HeadBucket',
  'DeleteBucket',
  'GetBucketLocation',
  'ListObjects',
  'ListObjectsV2',
  'ListMultipartUploads',
  'DeleteObjects',
  'PutObject',
  'CopyObject',
  'GetObject',
  'HeadObject',
  'DeleteObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
] as const;
export type S3OperationName = (typeof s3OperationNames)[number];

export function isS3OperationName(value: string): value is S3OperationName {
  return (s3OperationNames as readonly string[]).includes(value);
}

export type ResolvedOperation =
  | { kind: 'supported'; name: S3OperationName }
  | { kind: 'not-implemented'; name: string }
  | { kind: 'method-not-allowed'; name: string; resourceType: 'SERVICE' | 'BUCKET' | 'OBJECT' };

// Sub-resources of a bucket, named as they appear in operation names (GetBucket<X>, PutBucket<X>).
const bucketSubresources: Record<string, string> = {
  accelerate: 'AccelerateConfiguration',
  acl: 'Acl',
  analytics: 'AnalyticsConfiguration',
  cors: 'Cors',
  encryption: 'Encryption',
  'intelligent-tiering': 'IntelligentTieringConfiguration',
  inventory: 'InventoryConfiguration',
  lifecycle: 'LifecycleConfiguration',
  logging: 'Logging',
  metrics: 'MetricsConfiguration',
  notification: 'NotificationConfiguration',
  'object-lock': 'ObjectLockConfiguration',
  ownershipControls: 'OwnershipControls',
  policy: 'Policy',
  policyStatus: 'PolicyStatus',
  publicAccessBlock: 'PublicAccessBlock',
  replication: 'Replication',
  requestPayment: 'RequestPayment',
  tagging: 'Tagging',
  versioning: 'Versioning',
  website: 'Website',
};

const objectSubresources: Record<string, string> = {
  acl: 'Acl',
  attributes: 'Attributes',
  'legal-hold': 'LegalHold',
  retention: 'Retention',
  tagging: 'Tagging',
  torrent: 'Torrent',
};

const verbs: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete' };

const supported = (name: S3OperationName): ResolvedOperation => ({ kind: 'supported', name });
const notImplemented = (name: string): ResolvedOperation => ({ kind: 'not-implemented', name });

function resolveSubresource(
  method: string,
  query: ReadonlyMap<string, string>,
  table: Record<string, string>,
  level: 'Bucket' | 'Object',
): ResolvedOperation | undefined {
  for (const [param, noun] of Object.entries(table)) {
    if (!query.has(param)) continue;
    const verb = verbs[method];
    const name = verb ? `${verb}${level}${noun}` : `${method} ${level.toLowerCase()} ?${param}`;
    return notImplemented(name);
  }
  return undefined;
}

export interface ResolveOperationOptions {
  method: string;
  target: RequestTarget;
  /** Whether the request carries `x-amz-copy-source` (CopyObject, UploadPartCopy). */
  hasCopySource: boolean;
}

export function resolveOperation({ method, target, hasCopySource }: ResolveOperationOptions): ResolvedOperation {
  const { query } = target;
  if (target.bucket === undefined) {
    if (method === 'GET') return supported('ListBuckets');
    return { kind: 'method-not-allowed', name: `${method} /`, resourceType: 'SERVICE' };
  }

  if (target.key === undefined) {
    if (query.has('versions') && method === 'GET') return notImplemented('ListObjectVersions');
    if (query.has('session') && method === 'GET') return notImplemented('CreateSession');
    const sub = resolveSubresource(method, query, bucketSubresources, 'Bucket');
    if (sub) return sub;
    switch (method) {
      case 'GET':
        if (query.has('uploads')) return supported('ListMultipartUploads');
        if (query.has('location')) return supported('GetBucketLocation');
        if (query.get('list-type') === '2') return supported('ListObjectsV2');
        return supported('ListObjects');
      case 'PUT':
        return supported('CreateBucket');
      case 'HEAD':
        return supported('HeadBucket');
      case 'DELETE':
        return supported('DeleteBucket');
      case 'POST':
        if (query.has('delete')) return supported('DeleteObjects');
        return notImplemented('PostObject');
      default:
        return { kind: 'method-not-allowed', name: `${method} bucket`, resourceType: 'BUCKET' };
    }
  }

  const sub = resolveSubresource(method, query, objectSubresources, 'Object');
  if (sub) return sub;
  switch (method) {
    case 'GET':
      return query.has('uploadId') ? supported('ListParts') : supported('GetObject');
    case 'HEAD':
      return supported('HeadObject');
    case 'PUT':
      if (query.has('partNumber') || query.has('uploadId')) {
        return hasCopySource ? notImplemented('UploadPartCopy') : supported('UploadPart');
      }
      return hasCopySource ? supported('CopyObject') : supported('PutObject');
    case 'POST':
      if (query.has('uploads')) return supported('CreateMultipartUpload');
      if (query.has('uploadId')) return supported('CompleteMultipartUpload');
      if (query.has('restore')) return notImplemented('RestoreObject');
      if (query.has('select')) return notImplemented('SelectObjectContent');
      return { kind: 'method-not-allowed', name: `${method} object`, resourceType: 'OBJECT' };
    case 'DELETE':
      return query.has('uploadId') ? supported('AbortMultipartUpload') : supported('DeleteObject');
    default:
      return { kind: 'method-not-allowed', name: `${method} object`, resourceType: 'OBJECT' };
  }
}
