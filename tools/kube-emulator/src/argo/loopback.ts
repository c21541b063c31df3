// Nothing outside this machine may be contacted: every URL the controller fetches on a workflow's
// behalf (S3 endpoints, http artifacts) must point at a loopback address.
import { isIP } from 'node:net';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || host.startsWith('::ffff:127.');
  return false;
}

export function assertLoopbackUrl(url: URL, what: string): void {
  if (!isLoopbackHost(url.hostname)) {
    throw new Error(`${what} ${url.host} is not a loopback address: only 127.0.0.1, ::1 and localhost can be reached from this machine`);
  }
}
