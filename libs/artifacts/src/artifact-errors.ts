import { InputError, NotFoundError } from '@trainops/contracts';

// The errors this library adds to the shared vocabulary. Each keeps the contracts' code, so the
// api's one translation point maps them without knowing this library.

/** A project, run id, version, format or path that cannot be part of an S3 key. */
export class InvalidArtifactKeyError extends InputError {}

/** The object is not in the bucket. `details` carries `{ bucket, key }`. */
export class ArtifactNotFoundError extends NotFoundError {
  readonly bucket: string;
  readonly key: string;

  constructor(bucket: string, key: string, options: { cause?: unknown; message?: string } = {}) {
    super(options.message ?? `${key} was not found in bucket ${bucket}`, { details: { bucket, key }, cause: options.cause });
    this.bucket = bucket;
    this.key = key;
  }
}

/**
 * results.csv is not in a shape we understand. `line` is 1-based in the text given; the message
 * starts with `results.csv line N` so it can be shown as the reason metrics are unavailable.
 */
export class ResultsParseError extends InputError {
  readonly line: number;

  constructor(line: number, problem: string) {
    super(`results.csv line ${line}: ${problem}`, { details: { line } });
    this.line = line;
  }
}

/** args.yaml is not valid YAML, or a known key has a value of the wrong type. */
export class ArgsYamlParseError extends InputError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`args.yaml: ${problems.join('; ')}`, { details: { problems } });
    this.problems = problems;
  }
}
