import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from './self-signed-certificate.ts';

describe('self-signed certificate', () => {
  it('is a CA certificate for loopback that verifies with its own key', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    const { certificatePem, privateKeyPem } = createSelfSignedCertificate('kube-emulator', now);
    const certificate = new X509Certificate(certificatePem);
    expect(certificate.subject).toBe('CN=kube-emulator');
    expect(certificate.issuer).toBe('CN=kube-emulator');
    expect(certificate.ca).toBe(true);
    expect(certificate.subjectAltName).toBe('IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(privateKeyPem))).toBe(true);
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(now.getTime() + 365 * 24 * 3600 * 1000);
  });
});
