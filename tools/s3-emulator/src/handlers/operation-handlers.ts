// The handler of every supported operation, by S3 operation name.
import type { S3OperationName } from '../operations.ts';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './bucket-handlers.ts';
import type { S3Handler } from './handler-types.ts';
import { listObjects, listObjectsV2 } from './list-handlers.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './multipart-handlers.ts';
import { getObject, headObject } from './object-read-handlers.ts';
import { copyObject, deleteObject, deleteObjects, putObject } from './object-write-handlers.ts';

export const operationHandlers: Record<S3OperationName, S3Handler> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};
