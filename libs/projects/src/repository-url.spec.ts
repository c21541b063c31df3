import { describe, expect, it } from 'vitest';
import { checkRepositoryUrl } from './repository-url.ts';

describe('checkRepositoryUrl', () => {
  it.each(['https://github.com/acme/pcb.git', 'git@github.com:acme/pcb.git', 'ssh://git@gitlab.example.com:2222/ml/pcb.git'])(
    'accepts %s',
    (url) => expect(checkRepositoryUrl(url)).toBeUndefined(),
  );

  it.each([
    ['https://oauth2:glpat-123@gitlab.com/acme/pcb.git', 'contains credentials; remove them from the URL and put the token in a Kubernetes Secret named by source.credentialsSecret'],
    ['https://ghp_123@github.com/acme/pcb.git', 'contains credentials; remove them from the URL and put the token in a Kubernetes Secret named by source.credentialsSecret'],
    ['ssh://git:hunter2@github.com/acme/pcb.git', 'contains credentials; remove them from the URL and put the token in a Kubernetes Secret named by source.credentialsSecret'],
    ['https://github.com/acme/pcb.git?access_token=abc', 'has a query or fragment (?… or #…); give the plain repository URL and pick the commit with source.revision'],
    ['http://github.com/acme/pcb.git', 'uses plain http; use https so the checkout cannot be tampered with'],
    ['file:///srv/pcb.git', 'uses "file"; use an https:// or ssh:// URL'],
    ['https://github.com/', 'names no repository path'],
    ['github.com/acme/pcb', 'is not a repository URL such as https://github.com/org/repo.git or git@github.com:org/repo.git'],
  ])('refuses %s', (url, message) => expect(checkRepositoryUrl(url)).toBe(message));
});
