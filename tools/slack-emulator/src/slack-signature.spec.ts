import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from './slack-signature.ts';

// The worked example from Slack's "Verifying requests from Slack" guide.
const example = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
    '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
    '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
};
const exampleSignature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('signSlackRequest', () => {
  it('produces the signature of Slack documentation example', () => {
    expect(signSlackRequest(example)).toBe(exampleSignature);
  });
});

describe('verifySlackSignature', () => {
  const base = { signingSecret: example.signingSecret, timestamp: String(example.timestamp), body: example.body, nowSeconds: example.timestamp + 10 };

  it('accepts the documented signature within five minutes', () => {
    expect(verifySlackSignature({ ...base, signature: exampleSignature })).toBe(true);
  });

  it('rejects a changed body, a wrong secret, a stale timestamp and a missing header', () => {
    expect(verifySlackSignature({ ...base, signature: exampleSignature, body: `${example.body}x` })).toBe(false);
    expect(verifySlackSignature({ ...base, signature: exampleSignature, signingSecret: 'other' })).toBe(false);
    expect(verifySlackSignature({ ...base, signature: exampleSignature, nowSeconds: example.timestamp + 301 })).toBe(false);
    expect(verifySlackSignature({ ...base, signature: undefined })).toBe(false);
    expect(verifySlackSignature({ ...base, signature: exampleSignature, timestamp: 'soon' })).toBe(false);
  });
});
