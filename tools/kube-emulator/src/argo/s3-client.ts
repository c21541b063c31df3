// The few S3 calls artifacts need, as plain HTTP signed with SigV4 (see s3-signature.ts).
import { assertLoopbackUrl } from './loopback.ts';
import { encodeRfc3986, sha256Hex, signS3Request } from './s3-signature.ts';

export interface S3Location {
  /** `http://127.0.0.1:9000`, or Argo's `host:port` form (then `insecure` picks http). */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  insecure?: boolean;
  forcePathStyle?: boolean;
}

export interface S3Client {
  putObject(key: string, body: Buffer): Promise<void>;
  getObject(key: string): Promise<Buffer>;
  listKeys(prefix: string): Promise<string[]>;
}

export function buildEndpointUrl(endpoint: string, insecure: boolean | undefined): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `${insecure === false ? 'https' : 'http'}://${endpoint}`;
  return new URL(withScheme);
}

function decodeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => decodeXml(match[1] ?? ''));
}

export function createS3Client(location: S3Location, options: { now?: () => Date } = {}): S3Client {
  const base = buildEndpointUrl(location.endpoint, location.insecure);
  assertLoopbackUrl(base, 'S3 endpoint');
  const region = location.region ?? 'us-east-1';
  const pathStyle = location.forcePathStyle ?? true;
  const now = options.now ?? (() => new Date());

  const objectUrl = (key: string, query?: Record<string, string>): URL => {
    const encodedKey = key.split('/').map(encodeRfc3986).join('/');
    const url = new URL(base.href);
    const basePath = url.pathname.replace(/\/$/, '');
    if (pathStyle) {
      url.pathname = `${basePath}/${encodeRfc3986(location.bucket)}${key === '' ? '' : `/${encodedKey}`}`;
    } else {
      url.hostname = `${location.bucket}.${url.hostname}`;
      url.pathname = `${basePath}/${encodedKey}`;
    }
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url;
  };

  const send = async (method: string, url: URL, key: string, body?: Buffer): Promise<Response> => {
    const payload = body ?? Buffer.alloc(0);
    const headers = signS3Request({
      method,
      url,
      headers: body ? { 'content-length': String(payload.length), 'content-type': 'application/octet-stream' } : {},
      payloadHash: sha256Hex(payload),
      region,
      accessKeyId: location.accessKeyId,
      secretAccessKey: location.secretAccessKey,
      date: now(),
    });
    delete headers.host;
    const response = await fetch(url, { method, headers, body: body ? new Uint8Array(payload) : undefined });
    if (!response.ok) {
      const text = await response.text();
      const code = xmlValues(text, 'Code')[0] ?? `HTTP ${response.status}`;
      const message = xmlValues(text, 'Message')[0] ?? response.statusText;
      throw new Error(`S3 ${method} s3://${location.bucket}/${key} failed: ${code}: ${message}`);
    }
    return response;
  };

  return {
    async putObject(key, body) {
      await (await send('PUT', objectUrl(key), key, body)).arrayBuffer();
    },
    async getObject(key) {
      return Buffer.from(await (await send('GET', objectUrl(key), key)).arrayBuffer());
    },
    async listKeys(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const query: Record<string, string> = { 'list-type': '2', prefix };
        if (token) query['continuation-token'] = token;
        const xml = await (await send('GET', objectUrl('', query), `?prefix=${prefix}`)).text();
        keys.push(...xmlValues(xml, 'Key'));
        token = xml.includes('<IsTruncated>true</IsTruncated>') ? xmlValues(xml, 'NextContinuationToken')[0] : undefined;
      } while (token);
      return keys;
    },
  };
}
