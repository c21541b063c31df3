import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Emulator } from './s3-emulator.ts';
import { startS3Emulator } from './s3-emulator.ts';
import { signRequestV4 } from './sigv4.ts';
import { createTestClient, rejectionOf } from './test-support.ts';

let emulator: S3Emulator;
let s3: S3Client;

beforeAll(async () => {
  emulator = await startS3Emulator({ buckets: ['datasets', 'models'] });
  s3 = createTestClient(emulator);
});

afterAll(async () => {
  s3.destroy();
  await emulator.close();
});

describe('buckets', () => {
  it('lists the buckets created at start, by name', async () => {
    const { Buckets, Owner } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name)).toEqual(['datasets', 'models']);
    expect(Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(Owner?.DisplayName).toBe('trainops-local');
  });

  it('creates, heads and deletes a bucket', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'exports' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'exports' }));
    expect(head.BucketRegion).toBe('us-east-1');
    await s3.send(new DeleteBucketCommand({ Bucket: 'exports' }));
    const error = await rejectionOf(s3.send(new HeadBucketCommand({ Bucket: 'exports' })));
    expect(error.name).toBe('NotFound');
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });

  it('answers BucketAlreadyOwnedByYou for a bucket that exists', async () => {
    const error = await rejectionOf(s3.send(new CreateBucketCommand({ Bucket: 'models' })));
    expect(error.name).toBe('BucketAlreadyOwnedByYou');
    expect(error.$metadata?.httpStatusCode).toBe(409);
  });

  it('refuses an invalid bucket name and creates nothing', async () => {
    const error = await rejectionOf(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })));
    expect(error.name).toBe('InvalidBucketName');
    expect(error.message).toBe('The specified bucket is not valid.');
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name)).toEqual(['datasets', 'models']);
  });

  it('refuses to delete a bucket that still holds objects, and keeps it', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'scratch' }));
    await s3.send(new PutObjectCommand({ Bucket: 'scratch', Key: 'a.txt', Body: 'a' }));
    const error = await rejectionOf(s3.send(new DeleteBucketCommand({ Bucket: 'scratch' })));
    expect(error.name).toBe('BucketNotEmpty');
    expect(error.$metadata?.httpStatusCode).toBe(409);
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'scratch' }))).resolves.toBeDefined();
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const error = await rejectionOf(s3.send(new PutObjectCommand({ Bucket: 'nowhere', Key: 'a', Body: 'a' })));
    expect(error.name).toBe('NoSuchBucket');
    expect(error.message).toBe('The specified bucket does not exist');
  });

  it('reports the location of a bucket in us-east-1 as empty, as S3 does', async () => {
    const { LocationConstraint } = await s3.send(new GetBucketLocationCommand({ Bucket: 'models' }));
    expect(LocationConstraint ?? '').toBe('');
  });

  it('answers NotImplemented naming the operation for what it does not support', async () => {
    const error = await rejectionOf(s3.send(new GetBucketVersioningCommand({ Bucket: 'models' })));
    expect(error.name).toBe('NotImplemented');
    expect(error.message).toBe('GetBucketVersioning is not implemented by the trainops S3 emulator.');
    expect(error.$metadata?.httpStatusCode).toBe(501);
  });

  it('answers MethodNotAllowed for a method the resource does not have', async () => {
    const url = `${emulator.endpoint}/`;
    const signed = signRequestV4({ method: 'DELETE', url, credentials: emulator, region: emulator.region });
    const response = await fetch(url, { method: 'DELETE', headers: signed.headers });
    expect(response.status).toBe(405);
    expect(await response.text()).toContain('<Code>MethodNotAllowed</Code>');
  });

  it('serves virtual-host style requests addressed to <bucket>.localhost', async () => {
    const host = `models.localhost:${emulator.port}`;
    const signed = signRequestV4({
      method: 'PUT',
      url: `http://${host}/vhost.txt`,
      body: 'from a virtual host',
      credentials: emulator,
      region: emulator.region,
    });
    // Connect to 127.0.0.1 but say models.localhost: no resolver is needed for the name.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: emulator.port, method: 'PUT', path: '/vhost.txt', headers: signed.headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('from a virtual host');
    });
    expect(status).toBe(200);
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'models', Key: 'vhost.txt' }));
    expect(await Body?.transformToString()).toBe('from a virtual host');
  });
});

describe('start options', () => {
  it('refuses an invalid bucket name, naming it', async () => {
    await expect(startS3Emulator({ buckets: ['ok-bucket', 'NO'] })).rejects.toThrow('buckets: "NO" is not a valid S3 bucket name');
  });

  it('refuses a port out of range', async () => {
    await expect(startS3Emulator({ port: 70000 })).rejects.toThrow('port must be an integer from 0 to 65535, got 70000.');
  });

  it('refuses invalid faults, naming the field', async () => {
    await expect(startS3Emulator({ faults: { rules: [{ fault: 'boom' as 'reset' }] } })).rejects.toThrow('faults: rules[0].fault must be one of');
  });
});
