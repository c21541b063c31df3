// The emulator only ever sends requests to this machine: a bot URL naming any other host is
// refused up front rather than letting a misconfiguration reach the network.

const loopbackHosts = new Set(['localhost', '::1', '[::1]']);

export function isLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return loopbackHosts.has(url.hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
}

export function assertLoopbackUrl(value: string, name: string): void {
  if (!isLoopbackUrl(value)) {
    throw new Error(`${name} must be an http(s) URL on this machine (127.0.0.1, ::1 or localhost), got "${value}"`);
  }
}
