import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig } from './config.ts';

const token = (seed: string) => seed.repeat(24).slice(0, 32);

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadApiConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadApiConfig', () => {
  it('fills every default when nothing is set', () => {
    expect(loadApiConfig({})).toEqual({
      http: { host: '127.0.0.1', port: 8080, publicUrl: 'http://127.0.0.1:8080', bodyLimitBytes: 65536 },
      database: { url: undefined, dataDir: path.resolve('.data'), migrateOnStart: true },
      auth: { clients: [], botToken: undefined },
      projectsDir: path.resolve('config/projects'),
      logLevel: 'info',
    });
  });

  it('reads every key and parses the client tokens', () => {
    const config = loadApiConfig({
      API_HOST: '0.0.0.0',
      API_PORT: '9000',
      API_PUBLIC_URL: 'https://trainops.example.com/',
      DATABASE_URL: 'postgresql://trainops:secret@db:5432/trainops',
      DATA_DIR: '/var/lib/trainops',
      PROJECTS_DIR: '/etc/trainops/projects',
      API_TOKENS: ` ci:${token('a')} , nightly-job:${token('b')}`,
      BOT_API_TOKEN: token('c'),
      MIGRATE_ON_START: 'false',
      API_BODY_LIMIT_BYTES: '1024',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toEqual({
      http: { host: '0.0.0.0', port: 9000, publicUrl: 'https://trainops.example.com', bodyLimitBytes: 1024 },
      database: { url: 'postgresql://trainops:secret@db:5432/trainops', dataDir: '/var/lib/trainops', migrateOnStart: false },
      auth: {
        clients: [
          { name: 'ci', token: token('a') },
          { name: 'nightly-job', token: token('b') },
        ],
        botToken: token('c'),
      },
      projectsDir: '/etc/trainops/projects',
      logLevel: 'debug',
    });
  });

  it('derives the public url from a wildcard host as a loopback address', () => {
    expect(loadApiConfig({ API_HOST: '0.0.0.0', API_PORT: '3000' }).http.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it.each([
    [{ API_PORT: 'eighty' }, 'API_PORT', 'Invalid configuration: API_PORT must be a whole number from 0 to 65535 (got "eighty")'],
    [{ API_PORT: '70000' }, 'API_PORT', 'Invalid configuration: API_PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ API_HOST: 'my host' }, 'API_HOST', 'Invalid configuration: API_HOST must be a host name or IP address (got "my host")'],
    [{ API_PUBLIC_URL: 'ftp://x' }, 'API_PUBLIC_URL', 'Invalid configuration: API_PUBLIC_URL must be an http(s) URL (got "ftp://x")'],
    [{ API_BODY_LIMIT_BYTES: '0' }, 'API_BODY_LIMIT_BYTES', 'Invalid configuration: API_BODY_LIMIT_BYTES must be a whole number greater than 0 (got "0")'],
    [{ MIGRATE_ON_START: 'maybe' }, 'MIGRATE_ON_START', 'Invalid configuration: MIGRATE_ON_START must be true or false (got "maybe")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ API_TOKENS: 'ci' }, 'API_TOKENS', 'Invalid configuration: API_TOKENS entry 1 must be name:token (comma-separated name:token pairs)'],
    [{ API_TOKENS: `Bad Name:${token('a')}` }, 'API_TOKENS', 'Invalid configuration: API_TOKENS entry 1: the client name "Bad Name" must be 1-40 lowercase letters, digits, dashes or underscores'],
    [{ API_TOKENS: `ci:${token('a')},ci:${token('b')}` }, 'API_TOKENS', 'Invalid configuration: API_TOKENS names the client "ci" twice'],
    [{ API_TOKENS: `ci:${token('a')},cd:${token('a')}` }, 'API_TOKENS', 'Invalid configuration: API_TOKENS gives client "cd" the same token as another client'],
    [{ API_TOKENS: `ci:${token('a')}`, BOT_API_TOKEN: token('a') }, 'BOT_API_TOKEN', 'Invalid configuration: BOT_API_TOKEN must differ from every token in API_TOKENS'],
  ])('refuses %o naming %s', (env, variable, message) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
  });

  it('names a short token without echoing it', () => {
    const error = configError({ API_TOKENS: 'ci:short-secret', BOT_API_TOKEN: 'also-short' });
    expect(error.message).toBe('Invalid configuration: API_TOKENS the token of client "ci" must be at least 24 characters');
    expect(error.message).not.toContain('short-secret');
    expect(configError({ BOT_API_TOKEN: 'also-short' }).message).toBe(
      'Invalid configuration: BOT_API_TOKEN must be at least 24 characters',
    );
  });

  it('refuses a database url that is not postgresql without echoing its password', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:hunter2@db/trainops' });
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).toBe(
      'Invalid configuration: DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded database)',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadApiConfig({ API_PORT: '', DATABASE_URL: ' ' }).http.port).toBe(8080);
    expect(loadApiConfig({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });
});
