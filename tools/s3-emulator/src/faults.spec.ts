import { describe, expect, it } from 'vitest';
import { FaultInjector, parseS3Faults } from './faults.ts';
import { s3OperationNames } from './operations.ts';

const parse = (value: unknown) => parseS3Faults(value, s3OperationNames);

describe('parseS3Faults', () => {
  it('accepts a full setting', () => {
    const faults = { outage: false, latencyMs: 5, rules: [{ fault: 'slow-down', count: 2, operation: 'PutObject', bucket: 'models', keyPrefix: 'runs/' }] };
    expect(parse(faults)).toEqual(faults);
  });

  it.each([
    [[], 'faults must be a JSON object, got [].'],
    [{ outage: 'yes' }, 'outage must be true or false, got "yes".'],
    [{ latency: 5 }, 'faults has unknown field(s) latency; known fields: outage, latencyMs, rules.'],
    [{ latencyMs: -1 }, 'latencyMs must be an integer number of milliseconds from 0 to 120000, got -1.'],
    [{ rules: {} }, 'rules must be an array, got {}.'],
    [{ rules: [{ fault: 'explode' }] }, 'rules[0].fault must be one of internal-error, slow-down, reset, latency, got "explode".'],
    [{ rules: [{ fault: 'reset', count: 0 }] }, 'rules[0].count must be a positive integer, got 0.'],
    [{ rules: [{ fault: 'latency' }] }, 'rules[0].latencyMs must be an integer number of milliseconds from 0 to 120000, got undefined.'],
    [{ rules: [{ fault: 'reset', latencyMs: 3 }] }, 'rules[0].latencyMs only applies to fault "latency".'],
    [{ rules: [{ fault: 'reset', op: 'PutObject' }] }, 'rules[0] has unknown field(s) op; known fields: fault, count, operation, bucket, keyPrefix, latencyMs.'],
  ])('explains what is wrong with %j', (value, message) => {
    expect(() => parse(value)).toThrow(message);
  });

  it('names the known operations when one is misspelt', () => {
    expect(() => parse({ rules: [{ fault: 'reset', operation: 'PutObjects' }] })).toThrow(/rules\[0\]\.operation must be an S3 operation name .* got "PutObjects"\. Known: ListBuckets, /);
  });
});

describe('FaultInjector', () => {
  it('fails the next N matching requests, then lets them through', () => {
    const faults = new FaultInjector();
    faults.set({ rules: [{ fault: 'internal-error', count: 2, operation: 'PutObject' }] });
    expect(faults.decide({ operation: 'GetObject' })).toEqual({ delayMs: 0 });
    expect(faults.decide({ operation: 'PutObject' })).toEqual({ delayMs: 0, failure: 'internal-error' });
    expect(faults.decide({ operation: 'PutObject' })).toEqual({ delayMs: 0, failure: 'internal-error' });
    expect(faults.decide({ operation: 'PutObject' })).toEqual({ delayMs: 0 });
    expect(faults.state().rules[0]).toMatchObject({ count: 2, remaining: 0 });
  });

  it('matches bucket and key prefix, and never a bucket-level request to a key prefix rule', () => {
    const faults = new FaultInjector();
    faults.set({ rules: [{ fault: 'slow-down', count: 5, bucket: 'models', keyPrefix: 'runs/' }] });
    expect(faults.decide({ operation: 'GetObject', bucket: 'models', key: 'datasets/x' }).failure).toBeUndefined();
    expect(faults.decide({ operation: 'GetObject', bucket: 'other', key: 'runs/x' }).failure).toBeUndefined();
    expect(faults.decide({ operation: 'ListObjectsV2', bucket: 'models' }).failure).toBeUndefined();
    expect(faults.decide({ operation: 'GetObject', bucket: 'models', key: 'runs/1/best.pt' }).failure).toBe('slow-down');
  });

  it('adds global and rule latency, and fails everything during an outage until cleared', () => {
    const faults = new FaultInjector();
    faults.set({ latencyMs: 10, rules: [{ fault: 'latency', latencyMs: 20 }, { fault: 'reset' }] });
    expect(faults.decide({ operation: 'GetObject' })).toEqual({ delayMs: 30, failure: 'reset' });
    expect(faults.decide({ operation: 'GetObject' })).toEqual({ delayMs: 10 });
    faults.set({ outage: true });
    expect(faults.decide({ operation: 'ListBuckets' })).toEqual({ delayMs: 0, failure: 'outage' });
    faults.clear();
    expect(faults.decide({ operation: 'ListBuckets' })).toEqual({ delayMs: 0 });
  });
});
