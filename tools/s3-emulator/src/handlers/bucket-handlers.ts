// Bucket-level operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation.
import { isValidBucketName } from '../bucket-names.ts';
import { compareKeys } from '../store/s3-store.ts';
import { invalidArgument, invalidBucketName, malformedXml } from '../s3-errors.ts';
import { childText, parseXml, S3_XMLNS, xmlElement, xmlElementWithAttributes } from '../xml.ts';
import type { S3Handler } from './handler-types.ts';
import { emptyResponse, xmlDate, xmlResponse } from './handler-types.ts';

export const listBuckets: S3Handler = async (request, deps) => {
  const prefix = request.target.query.get('prefix') ?? '';
  const maxText = request.target.query.get('max-buckets');
  const maxBuckets = maxText === undefined ? 10000 : Number(maxText);
  if (!Number.isInteger(maxBuckets) || maxBuckets < 1 || maxBuckets > 10000) {
    throw invalidArgument('max-buckets must be an integer from 1 to 10000.', 'max-buckets', maxText);
  }
  const after = request.target.query.get('continuation-token');
  const all = deps.store
    .listBuckets()
    .filter((bucket) => bucket.name.startsWith(prefix))
    .filter((bucket) => after === undefined || compareKeys(bucket.name, after) > 0);
  const page = all.slice(0, maxBuckets);
  const truncated = all.length > page.length;
  return xmlResponse(
    xmlElementWithAttributes(
      'ListAllMyBucketsResult',
      { xmlns: S3_XMLNS },
      xmlElement('Owner', xmlElement('ID', deps.owner.id), xmlElement('DisplayName', deps.owner.displayName)),
      xmlElement(
        'Buckets',
        page.map((bucket) =>
          xmlElement(
            'Bucket',
            xmlElement('Name', bucket.name),
            xmlElement('CreationDate', xmlDate(bucket.creationDate)),
            xmlElement('BucketRegion', deps.region),
          ),
        ),
      ),
      prefix !== '' ? xmlElement('Prefix', prefix) : undefined,
      truncated ? xmlElement('ContinuationToken', page.at(-1)?.name) : undefined,
    ),
  );
};

export const createBucket: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  if (!isValidBucketName(bucket)) throw invalidBucketName(bucket);
  if (request.body.length > 0) {
    let location: string | undefined;
    try {
      location = childText(parseXml(request.body.toString('utf8')), 'LocationConstraint');
    } catch {
      throw malformedXml();
    }
    // A location constraint naming another region is what S3 refuses; the emulator has one region.
    if (location !== undefined && location !== '' && location !== deps.region) {
      throw invalidArgument(`The specified location-constraint is not valid; this emulator serves region ${deps.region}.`, 'LocationConstraint', location);
    }
  }
  await deps.store.createBucket(bucket, deps.now());
  return emptyResponse(200, { location: `/${bucket}` });
};

export const headBucket: S3Handler = async (request, deps) => {
  deps.store.requireBucket(request.target.bucket as string);
  return emptyResponse(200, { 'x-amz-bucket-region': deps.region, 'x-amz-access-point-alias': 'false' });
};

export const deleteBucket: S3Handler = async (request, deps) => {
  await deps.store.deleteBucket(request.target.bucket as string);
  return emptyResponse(204);
};

export const getBucketLocation: S3Handler = async (request, deps) => {
  deps.store.requireBucket(request.target.bucket as string);
  // S3 answers an empty LocationConstraint for us-east-1, for historical reasons.
  const region = deps.region === 'us-east-1' ? undefined : deps.region;
  return xmlResponse(xmlElementWithAttributes('LocationConstraint', { xmlns: S3_XMLNS }, region));
};
