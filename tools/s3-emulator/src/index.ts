// The S3 stand-in's public surface: start it, and (for other stand-ins and hand-made clients)
// the SigV4 signing and verification helpers it is built on.
export type { S3Emulator, S3EmulatorOptions } from './s3-emulator.ts';
export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_REGION,
  DEFAULT_SECRET_ACCESS_KEY,
  S3EmulatorOptionsError,
  startS3Emulator,
} from './s3-emulator.ts';
export type { S3FaultKind, S3FaultRule, S3FaultRuleState, S3Faults, S3FaultsState } from './faults.ts';
export { s3FaultKinds, S3FaultsInputError } from './faults.ts';
export type { S3OperationName } from './operations.ts';
export { s3OperationNames } from './operations.ts';
export type {
  ChunkSignatureInput,
  CredentialsV4,
  PresignUrlV4Options,
  SignedRequestV4,
  SignRequestV4Options,
} from './sigv4.ts';
export { deriveSigningKeyV4, presignUrlV4, signChunkV4, signRequestV4, signTrailerV4 } from './sigv4.ts';
export type { IncomingRequestV4, SigV4FailureReason, VerifyRequestV4Options, VerifyRequestV4Result } from './sigv4-verify.ts';
export { verifyRequestV4 } from './sigv4-verify.ts';
export type { EncodeAwsChunkedOptions } from './aws-chunked.ts';
export { encodeAwsChunked } from './aws-chunked.ts';
