// The git repository the pipeline checks out. Credentials live in a Kubernetes Secret named by
// `source.credentialsSecret`, never in the URL: a URL is logged, shown in Slack and stored in
// Workflow specs. Messages about a URL never repeat it, since it may hold a token.

const scpLikePattern = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/)[A-Za-z0-9._~/-]+$/;

/** What is wrong with a repository URL, or undefined when it is usable. */
export function checkRepositoryUrl(value: string): string | undefined {
  // `git@github.com:org/repo.git`: the user is the SSH login, the key comes from the Secret.
  if (scpLikePattern.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a repository URL such as https://github.com/org/repo.git or git@github.com:org/repo.git';
  }
  if (url.protocol === 'http:') return 'uses plain http; use https so the checkout cannot be tampered with';
  if (url.protocol !== 'https:' && url.protocol !== 'ssh:') {
    return `uses "${url.protocol.replace(/:$/, '')}"; use an https:// or ssh:// URL`;
  }
  if (url.password !== '' || (url.protocol === 'https:' && url.username !== '')) {
    return 'contains credentials; remove them from the URL and put the token in a Kubernetes Secret named by source.credentialsSecret';
  }
  if (url.search !== '' || url.hash !== '') {
    return 'has a query or fragment (?… or #…); give the plain repository URL and pick the commit with source.revision';
  }
  if (url.hostname === '' || url.pathname === '/' || url.pathname === '') return 'names no repository path';
  return undefined;
}
