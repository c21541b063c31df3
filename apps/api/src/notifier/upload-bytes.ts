import { UploadHttpError } from './classify-slack-error.ts';

// Step two of Slack's external upload: POST the file's bytes to the URL that
// files.getUploadURLExternal handed out. It is plain HTTP, not a Web API method, so the WebClient
// has no call for it; failures are thrown as UploadHttpError for the queue to judge.

export type UploadBytes = (url: string, bytes: Uint8Array) => Promise<void>;

export function createFetchUploader(options: { fetch?: typeof fetch; timeoutMs?: number } = {}): UploadBytes {
  const fetchFn = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return async (url, bytes) => {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body is read either way so that the connection can be reused.
    const text = await response.text();
    if (!response.ok) throw new UploadHttpError(response.status, `the file upload answered ${response.status}: ${text.slice(0, 200)}`);
  };
}
