// A self-signed TLS certificate for 127.0.0.1, ::1 and localhost, made with node:crypto alone.
// kubectl (client-go's clientcmd) only sends a kubeconfig's token over TLS, so the API server must
// speak HTTPS; a fresh key per start keeps no secret on disk beyond the state folder.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const sequence = (...items: Buffer[]): Buffer => der(0x30, ...items);
const set = (...items: Buffer[]): Buffer => der(0x31, ...items);
const octetString = (content: Buffer): Buffer => der(0x04, content);
const bitString = (content: Buffer, unusedBits = 0): Buffer => der(0x03, Buffer.from([unusedBits]), content);
const utf8String = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
const booleanTrue = (): Buffer => der(0x01, Buffer.from([0xff]));
const explicit = (tagNumber: number, content: Buffer): Buffer => der(0xa0 | tagNumber, content);

function objectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = `${pad(date.getUTCFullYear() % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return der(0x17, Buffer.from(text, 'ascii'));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [booleanTrue()] : []), octetString(value));
}

function toPem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface SelfSignedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

export function createSelfSignedCertificate(commonName: string, now: Date): SelfSignedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subjectPublicKeyInfo = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(commonName))));
  // Positive and non-zero: Go refuses negative serial numbers.
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now.getTime() + 5 * 365 * 24 * 60 * 60 * 1000);
  const keyIdentifier = createHash('sha1').update(subjectPublicKeyInfo).digest();
  const subjectAltNames = sequence(
    der(0x87, Buffer.from([127, 0, 0, 1])),
    der(0x87, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
    der(0x82, Buffer.from('localhost', 'ascii')),
  );
  const extensions = sequence(
    // CA:true so that the certificate can be its own trust anchor in kubeconfig's certificate-authority-data.
    extension('2.5.29.19', true, sequence(booleanTrue())),
    // digitalSignature and keyCertSign.
    extension('2.5.29.15', true, bitString(Buffer.from([0x84]), 2)),
    extension('2.5.29.37', false, sequence(objectIdentifier('1.3.6.1.5.5.7.3.1'))),
    extension('2.5.29.14', false, octetString(keyIdentifier)),
    extension('2.5.29.17', false, subjectAltNames),
  );
  const tbsCertificate = sequence(
    explicit(0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    ecdsaWithSha256,
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    subjectPublicKeyInfo,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbsCertificate, privateKey);
  const certificate = sequence(tbsCertificate, ecdsaWithSha256, bitString(signature));
  return {
    certificatePem: toPem('CERTIFICATE', certificate),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
