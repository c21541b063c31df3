import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateDevSecrets } from './dev-secrets.ts';

describe('the dev stack secrets', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'trainops-secrets-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('are generated once, readable only by the owner, and the same on the next start', async () => {
    const first = await loadOrCreateDevSecrets(dataDir);
    expect(first.apiToken.length).toBeGreaterThanOrEqual(24);
    expect(first.slackBotToken).toMatch(/^xoxb-local-/);
    expect(new Set(Object.values(first)).size).toBe(4);
    expect((await stat(path.join(dataDir, 'dev-secrets.json'))).mode & 0o077).toBe(0);
    await expect(loadOrCreateDevSecrets(dataDir)).resolves.toEqual(first);
  });

  it('are made anew when the file is damaged', async () => {
    await writeFile(path.join(dataDir, 'dev-secrets.json'), '{ not json');
    const secrets = await loadOrCreateDevSecrets(dataDir);
    expect(JSON.parse(await readFile(path.join(dataDir, 'dev-secrets.json'), 'utf8'))).toEqual(secrets);
  });
});
