import { describe, expect, it } from 'vitest';
import type { SignedRequestV4 } from './sigv4.ts';
import { presignUrlV4, signRequestV4 } from './sigv4.ts';
import type { IncomingRequestV4, VerifyRequestV4Options } from './sigv4-verify.ts';
import { verifyRequestV4 } from './sigv4-verify.ts';

const credentials = { accessKeyId: 'trainops-local', secretAccessKey: 'trainops-local-secret' };
const now = new Date('2026-03-01T12:00:00Z');
const options: VerifyRequestV4Options = {
  resolveSecret: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
  region: 'us-east-1',
  now,
};

function asIncoming(signed: SignedRequestV4, overrides: Partial<IncomingRequestV4> = {}): IncomingRequestV4 {
  const url = new URL(signed.url);
  return {
    method: signed.method,
    rawPath: url.pathname,
    rawQuery: url.search.slice(1),
    rawHeaders: Object.entries(signed.headers).flat(),
    ...overrides,
  };
}

function presigned(url: string, method = 'GET'): IncomingRequestV4 {
  const parsed = new URL(url);
  return { method, rawPath: parsed.pathname, rawQuery: parsed.search.slice(1), rawHeaders: ['Host', parsed.host] };
}

const sign = (overrides: Partial<Parameters<typeof signRequestV4>[0]> = {}) =>
  signRequestV4({ method: 'GET', url: 'http://127.0.0.1:9000/models/runs/1/best.pt?list-type=2', credentials, region: 'us-east-1', date: now, ...overrides });

describe('verifyRequestV4', () => {
  it('accepts a request signed with the configured key and reports what it covers', () => {
    const result = verifyRequestV4(asIncoming(sign()), options);
    expect(result).toMatchObject({ ok: true, accessKeyId: 'trainops-local', presigned: false });
  });

  it('accepts a path with characters that only strict encoding escapes', () => {
    const signed = sign({ url: "http://127.0.0.1:9000/models/it's%20(1)*!.txt" });
    expect(verifyRequestV4(asIncoming(signed), options).ok).toBe(true);
  });

  it('says the signature does not match when the secret is wrong, with the string it signed', () => {
    const signed = sign({ credentials: { ...credentials, secretAccessKey: 'wrong' } });
    const result = verifyRequestV4(asIncoming(signed), options);
    expect(result).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    if (!result.ok) expect(result.details['StringToSign']).toContain('AWS4-HMAC-SHA256\n20260301T120000Z\n');
  });

  it('says the signature does not match when a signed header was changed on the way', () => {
    const signed = sign();
    const tampered = asIncoming(signed, { rawPath: '/models/runs/1/other.pt' });
    expect(verifyRequestV4(tampered, options)).toMatchObject({ ok: false, reason: 'signature-mismatch' });
  });

  it('names an unknown access key', () => {
    const signed = sign({ credentials: { accessKeyId: 'someone-else', secretAccessKey: 'x' } });
    expect(verifyRequestV4(asIncoming(signed), options)).toMatchObject({
      ok: false,
      reason: 'unknown-access-key',
      details: { AWSAccessKeyId: 'someone-else' },
    });
  });

  it('refuses a header-signed request whose clock is more than 15 minutes off', () => {
    const signed = sign({ date: new Date(now.getTime() - 16 * 60 * 1000) });
    expect(verifyRequestV4(asIncoming(signed), options)).toMatchObject({ ok: false, reason: 'clock-skew' });
  });

  it('refuses a signature scoped to another region and names the expected one', () => {
    const result = verifyRequestV4(asIncoming(sign({ region: 'eu-west-1' })), options);
    expect(result).toMatchObject({ ok: false, reason: 'wrong-region' });
    if (!result.ok) expect(result.message).toContain("expecting 'us-east-1'");
  });

  it('reports a request without any signature as missing', () => {
    expect(verifyRequestV4({ method: 'GET', rawPath: '/', rawQuery: '', rawHeaders: ['Host', 'x'] }, options)).toMatchObject({
      ok: false,
      reason: 'missing',
    });
  });

  it('explains a malformed Authorization header', () => {
    const result = verifyRequestV4(
      { method: 'GET', rawPath: '/', rawQuery: '', rawHeaders: ['Host', 'x', 'Authorization', 'AWS4-HMAC-SHA256 Credential=abc'] },
      options,
    );
    expect(result).toMatchObject({ ok: false, reason: 'malformed', location: 'header' });
    if (!result.ok) expect(result.message).toContain('Credential, SignedHeaders and Signature');
  });

  it('accepts a presigned URL within its lifetime', () => {
    const url = presignUrlV4({ method: 'GET', url: 'http://127.0.0.1:9000/models/a.txt', credentials, region: 'us-east-1', expiresInSeconds: 60, date: now });
    expect(verifyRequestV4(presigned(url), options)).toMatchObject({ ok: true, presigned: true });
  });

  it('refuses a presigned URL after it expired', () => {
    const url = presignUrlV4({
      method: 'GET',
      url: 'http://127.0.0.1:9000/models/a.txt',
      credentials,
      region: 'us-east-1',
      expiresInSeconds: 60,
      date: new Date(now.getTime() - 61_000),
    });
    expect(verifyRequestV4(presigned(url), options)).toMatchObject({ ok: false, reason: 'expired', message: 'Request has expired' });
  });

  it('refuses a presigned URL used with another method', () => {
    const url = presignUrlV4({ method: 'GET', url: 'http://127.0.0.1:9000/models/a.txt', credentials, region: 'us-east-1', expiresInSeconds: 60, date: now });
    expect(verifyRequestV4(presigned(url, 'DELETE'), options)).toMatchObject({ ok: false, reason: 'signature-mismatch' });
  });

  it('refuses a presigned URL whose expiry was stretched', () => {
    const url = presignUrlV4({ method: 'GET', url: 'http://127.0.0.1:9000/models/a.txt', credentials, region: 'us-east-1', expiresInSeconds: 60, date: now });
    expect(verifyRequestV4(presigned(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=600')), options)).toMatchObject({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it('refuses a presigned URL that claims more than a week', () => {
    const url = presignUrlV4({ method: 'GET', url: 'http://127.0.0.1:9000/models/a.txt', credentials, region: 'us-east-1', expiresInSeconds: 60, date: now });
    const result = verifyRequestV4(presigned(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=999999')), options);
    expect(result).toMatchObject({ ok: false, reason: 'malformed', location: 'query' });
  });
});
