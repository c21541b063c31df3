import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { classifySlackError, SlackPlatformAnswerError, UploadHttpError } from './classify-slack-error.ts';

describe('classifySlackError', () => {
  it('reads a 429 as a wait of Retry-After seconds', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(7))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7_000 });
  });

  it('gives up on errors that cannot succeed on a retry, keeping Slack’s explanation', () => {
    for (const error of ['channel_not_found', 'not_in_channel', 'invalid_blocks', 'invalid_auth', 'msg_too_long']) {
      expect(classifySlackError(new WebAPIPlatformError({ ok: false, error })).kind).toBe('permanent');
    }
    const invalid = new WebAPIPlatformError({ ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] } });
    expect(classifySlackError(invalid)).toEqual({
      kind: 'permanent',
      error: 'invalid_blocks',
      message: 'An API error occurred: invalid_blocks ([ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text])',
    });
  });

  it('retries Slack’s own trouble, 5xx answers and network errors', () => {
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: 'internal_error' })).kind).toBe('transient');
    expect(classifySlackError(new WebAPIHTTPError(503, 'Service Unavailable', {}, ''))).toMatchObject({ kind: 'transient', error: 'http_503' });
    expect(classifySlackError(new WebAPIRequestError(new Error('socket hang up')))).toMatchObject({ kind: 'transient', error: 'request_error' });
    expect(classifySlackError(new Error('something odd'))).toMatchObject({ kind: 'transient', error: 'unexpected_error' });
  });

  it('does not retry a 4xx answer other than 429 and 408', () => {
    expect(classifySlackError(new WebAPIHTTPError(404, 'Not Found', {}, '')).kind).toBe('permanent');
    expect(classifySlackError(new UploadHttpError(404, 'gone')).kind).toBe('permanent');
    expect(classifySlackError(new UploadHttpError(502, 'bad gateway')).kind).toBe('transient');
    expect(classifySlackError(new UploadHttpError(429, 'slow down')).kind).toBe('rate_limited');
  });

  it('holds a port that answers ok: false to the same rules as WebClient', () => {
    expect(classifySlackError(new SlackPlatformAnswerError('ratelimited'))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1_000 });
    expect(classifySlackError(new SlackPlatformAnswerError('channel_not_found'))).toMatchObject({ kind: 'permanent', error: 'channel_not_found' });
  });
});
