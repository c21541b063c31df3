import { AuthenticationError } from '@trainops/contracts';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate.ts';

const ciToken = 'ci-token-0123456789abcdefghij';
const botToken = 'bot-token-0123456789abcdefghij';
const authenticate = createAuthenticator({ clients: [{ name: 'ci', token: ciToken }], botToken });

function failure(header: string | undefined): AuthenticationError {
  try {
    authenticate(header);
  } catch (error) {
    if (error instanceof AuthenticationError) return error;
    throw error;
  }
  throw new Error('expected an AuthenticationError');
}

describe('createAuthenticator', () => {
  it('knows a machine client and the bot by their tokens', () => {
    expect(authenticate(`Bearer ${ciToken}`)).toEqual({ kind: 'client', name: 'ci', id: 'client:ci' });
    expect(authenticate(`bearer ${botToken}`)).toEqual({ kind: 'bot', id: 'bot' });
  });

  it('says what is missing when there is no token', () => {
    expect(failure(undefined).message).toBe('This endpoint needs a token: send "Authorization: Bearer <token>".');
    expect(failure('  ').message).toBe('This endpoint needs a token: send "Authorization: Bearer <token>".');
  });

  it('refuses another scheme and an unknown token', () => {
    expect(failure(`Basic ${ciToken}`).message).toBe('The Authorization header must be "Bearer <token>".');
    expect(failure(`Bearer ${ciToken}x`).message).toBe('The token is not valid.');
    expect(failure(`Bearer ${ciToken.slice(0, -1)}`).message).toBe('The token is not valid.');
  });

  it('lets no token in when none is configured', () => {
    const closed = createAuthenticator({ clients: [], botToken: undefined });
    expect(() => closed(`Bearer ${botToken}`)).toThrow('The token is not valid.');
  });
});
