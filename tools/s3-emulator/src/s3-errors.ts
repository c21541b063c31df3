// The S3 error vocabulary the emulator answers with. Codes, statuses and messages follow the
// S3 API reference ("Error responses") so that clients classify them exactly as against AWS:
// the SDK turns `<Code>` into `error.name` and retries on 500/503 and throttling codes.

/** An error that becomes an S3 `<Error>` document; `details` become extra child elements. */
export class S3Error extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: string,
    status: number,
    message: string,
    details: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'S3Error';
    this.code = code;
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

export const accessDenied = (message = 'Access Denied', details: Record<string, string> = {}) =>
  new S3Error('AccessDenied', 403, message, details);

export const authorizationHeaderMalformed = (message: string) =>
  new S3Error('AuthorizationHeaderMalformed', 400, message);

export const authorizationQueryParametersError = (message: string) =>
  new S3Error('AuthorizationQueryParametersError', 400, message);

export const badDigest = (message: string) => new S3Error('BadDigest', 400, message);

export const bucketAlreadyOwnedByYou = (bucket: string) =>
  new S3Error(
    'BucketAlreadyOwnedByYou',
    409,
    'Your previous request to create the named bucket succeeded and you already own it.',
    { BucketName: bucket },
  );

export const bucketNotEmpty = (bucket: string) =>
  new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket });

export const entityTooSmall = (partNumber: number, size: number) =>
  new S3Error('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.', {
    PartNumber: String(partNumber),
    ProposedSize: String(size),
    MinSizeAllowed: String(5 * 1024 * 1024),
  });

export const incompleteBody = (message = 'You did not provide the number of bytes specified by the Content-Length HTTP header.') =>
  new S3Error('IncompleteBody', 400, message);

export const internalError = () =>
  new S3Error('InternalError', 500, 'We encountered an internal error. Please try again.');

export const invalidAccessKeyId = (accessKeyId: string) =>
  new S3Error('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.', {
    AWSAccessKeyId: accessKeyId,
  });

export const invalidArgument = (message: string, name?: string, value?: string) =>
  new S3Error(
    'InvalidArgument',
    400,
    message,
    name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' },
  );

export const invalidBucketName = (bucket: string) =>
  new S3Error('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket });

export const invalidDigest = () => new S3Error('InvalidDigest', 400, 'The Content-MD5 you specified is not valid.');

export const invalidPart = (partNumber: number) =>
  new S3Error(
    'InvalidPart',
    400,
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    { PartNumber: String(partNumber) },
  );

export const invalidPartOrder = () =>
  new S3Error(
    'InvalidPartOrder',
    400,
    'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
  );

export const invalidRange = (range: string, size: number) =>
  new S3Error(
    'InvalidRange',
    416,
    'The requested range is not satisfiable',
    { RangeRequested: range, ActualObjectSize: String(size) },
    { 'content-range': `bytes */${size}` },
  );

export const invalidRequest = (message: string) => new S3Error('InvalidRequest', 400, message);

export const invalidUri = () => new S3Error('InvalidURI', 400, "Couldn't parse the specified URI.");

export const keyTooLong = () =>
  new S3Error('KeyTooLongError', 400, 'Your key is too long (the limit is 1024 bytes of UTF-8).');

export const malformedTrailer = (message: string) => new S3Error('MalformedTrailerError', 400, message);

export const malformedXml = () =>
  new S3Error(
    'MalformedXML',
    400,
    'The XML you provided was not well-formed or did not validate against our published schema.',
  );

export const metadataTooLarge = () =>
  new S3Error('MetadataTooLarge', 400, 'Your metadata headers exceed the maximum allowed metadata size (2 KB).');

export const methodNotAllowed = (method: string, resourceType: string) =>
  new S3Error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', {
    Method: method,
    ResourceType: resourceType,
  });

export const noSuchBucket = (bucket: string) =>
  new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });

export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });

export const noSuchUpload = (uploadId: string) =>
  new S3Error(
    'NoSuchUpload',
    404,
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

export const notImplemented = (operation: string) =>
  new S3Error('NotImplemented', 501, `${operation} is not implemented by the trainops S3 emulator.`, {
    Operation: operation,
  });

export const preconditionFailed = (condition: string) =>
  new S3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', {
    Condition: condition,
  });

export const requestTimeTooSkewed = (requestTime: string, serverTime: string) =>
  new S3Error('RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.', {
    RequestTime: requestTime,
    ServerTime: serverTime,
    MaxAllowedSkewMilliseconds: '900000',
  });

export const serviceUnavailable = () =>
  new S3Error('ServiceUnavailable', 503, 'Service is unable to handle request.');

export const signatureDoesNotMatch = (details: Record<string, string>) =>
  new S3Error(
    'SignatureDoesNotMatch',
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    details,
  );

export const slowDown = () => new S3Error('SlowDown', 503, 'Please reduce your request rate.');

export const contentSha256Mismatch = (provided: string, computed: string) =>
  new S3Error('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
    ClientComputedContentSHA256: provided,
    S3ComputedContentSHA256: computed,
  });
