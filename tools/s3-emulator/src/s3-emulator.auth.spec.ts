import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Emulator } from './s3-emulator.ts';
import { startS3Emulator } from './s3-emulator.ts';
import { presignUrlV4 } from './sigv4.ts';
import { createTestClient, rejectionOf } from './test-support.ts';

let emulator: S3Emulator;
let s3: S3Client;
const Bucket = 'models';

beforeAll(async () => {
  emulator = await startS3Emulator({ buckets: [Bucket], accessKeyId: 'ci-key', secretAccessKey: 'ci-secret' });
  s3 = createTestClient(emulator);
  await s3.send(new PutObjectCommand({ Bucket, Key: 'runs/1/chart.png', Body: 'png bytes', ContentType: 'image/png' }));
});

afterAll(async () => {
  s3.destroy();
  await emulator.close();
});

const errorCode = async (response: Response) => /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];

describe('signature checks', () => {
  it('accepts the SDK with the configured credentials', async () => {
    await expect(s3.send(new ListBucketsCommand({}))).resolves.toBeDefined();
  });

  it('answers SignatureDoesNotMatch when the secret is wrong', async () => {
    const client = createTestClient(emulator, { credentials: { accessKeyId: 'ci-key', secretAccessKey: 'not-the-secret' } });
    const error = await rejectionOf(client.send(new GetObjectCommand({ Bucket, Key: 'runs/1/chart.png' })));
    client.destroy();
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('answers InvalidAccessKeyId for a key it does not know', async () => {
    const client = createTestClient(emulator, { credentials: { accessKeyId: 'stranger', secretAccessKey: 'ci-secret' } });
    const error = await rejectionOf(client.send(new ListBucketsCommand({})));
    client.destroy();
    expect(error.name).toBe('InvalidAccessKeyId');
    expect(error.message).toBe('The AWS Access Key Id you provided does not exist in our records.');
  });

  it('answers AuthorizationHeaderMalformed for a signature scoped to another region', async () => {
    const client = createTestClient(emulator, { region: 'eu-west-1' });
    const error = await rejectionOf(client.send(new ListBucketsCommand({})));
    client.destroy();
    expect(error.name).toBe('AuthorizationHeaderMalformed');
    expect(error.message).toContain("expecting 'us-east-1'");
  });

  it('answers AccessDenied to an unsigned request and stores nothing', async () => {
    const response = await fetch(`${emulator.endpoint}/${Bucket}/anonymous.txt`, { method: 'PUT', body: 'x' });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('AccessDenied');
    const error = await rejectionOf(s3.send(new GetObjectCommand({ Bucket, Key: 'anonymous.txt' })));
    expect(error.name).toBe('NoSuchKey');
  });
});

describe('presigned URLs', () => {
  it('serve a GET fetched with plain fetch, honouring response-* overrides', async () => {
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket, Key: 'runs/1/chart.png', ResponseContentDisposition: 'attachment; filename="chart.png"' }),
      { expiresIn: 60 },
    );
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="chart.png"');
    expect(await response.text()).toBe('png bytes');
  });

  it('accept a PUT, so a pod can upload without credentials', async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key: 'runs/1/uploaded.txt' }), { expiresIn: 60 });
    const response = await fetch(url, { method: 'PUT', body: 'from a presigned url' });
    expect(response.status).toBe(200);
    const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key: 'runs/1/uploaded.txt' }));
    expect(await Body?.transformToString()).toBe('from a presigned url');
  });

  it('answer AccessDenied "Request has expired" once expired', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'runs/1/chart.png' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const response = await fetch(url);
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('<Message>Request has expired</Message>');
  });

  it('answer SignatureDoesNotMatch when the signature was tampered with', async () => {
    const url = new URL(await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'runs/1/chart.png' }), { expiresIn: 60 }));
    const signature = url.searchParams.get('X-Amz-Signature') as string;
    url.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('SignatureDoesNotMatch');
  });

  it('answer SignatureDoesNotMatch when pointed at another key', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'runs/1/chart.png' }), { expiresIn: 60 });
    const response = await fetch(url.replace('chart.png', 'other.png'));
    expect(await errorCode(response)).toBe('SignatureDoesNotMatch');
  });

  it('made by presignUrlV4 are accepted too', async () => {
    const url = presignUrlV4({
      method: 'GET',
      url: `${emulator.endpoint}/${Bucket}/runs/1/chart.png`,
      credentials: emulator,
      region: emulator.region,
      expiresInSeconds: 30,
    });
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('auth: false', () => {
  it('accepts unsigned requests', async () => {
    const open = await startS3Emulator({ buckets: ['public'], auth: false });
    try {
      expect((await fetch(`${open.endpoint}/public/a.txt`, { method: 'PUT', body: 'open' })).status).toBe(200);
      expect(await (await fetch(`${open.endpoint}/public/a.txt`)).text()).toBe('open');
    } finally {
      await open.close();
    }
  });
});
