// The kubeconfig that points kubectl and @kubernetes/client-node at this server: the admin user is
// the current context; every token policy gets its own context, `kube-emulator-<user>`, so a test
// can switch to a limited identity with `--context`.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { TokenPolicy } from './token-auth.ts';

export const kubeconfigClusterName = 'kube-emulator';
export const kubeconfigAdminContext = 'kube-emulator';

export interface KubeconfigOptions {
  /** An https URL: kubectl sends tokens over TLS only. */
  serverUrl: string;
  /** PEM of the server's self-signed certificate, embedded as certificate-authority-data. */
  certificateAuthorityPem: string;
  adminUser: string;
  adminToken: string;
  namespace: string;
  policies: readonly TokenPolicy[];
}

export function buildKubeconfig(options: KubeconfigOptions): string {
  const taken = new Set<string>([options.adminUser]);
  const uniqueName = (wanted: string): string => {
    let name = wanted;
    for (let n = 2; taken.has(name); n += 1) name = `${wanted}-${n}`;
    taken.add(name);
    return name;
  };
  const identities = [{ entry: options.adminUser, token: options.adminToken, context: kubeconfigAdminContext }].concat(
    options.policies.map((policy) => {
      const entry = uniqueName(policy.user);
      return { entry, token: policy.token, context: `${kubeconfigClusterName}-${entry}` };
    }),
  );
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: kubeconfigClusterName,
        cluster: {
          server: options.serverUrl,
          'certificate-authority-data': Buffer.from(options.certificateAuthorityPem, 'utf8').toString('base64'),
        },
      },
    ],
    users: identities.map(({ entry, token }) => ({ name: entry, user: { token } })),
    contexts: identities.map(({ entry, context }) => ({
      name: context,
      context: { cluster: kubeconfigClusterName, user: entry, namespace: options.namespace },
    })),
    'current-context': kubeconfigAdminContext,
  };
  return stringify(config);
}

/** Written beside and renamed into place, so a reader never sees half a file. */
export async function writeKubeconfig(filePath: string, content: string): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await rename(temporary, filePath);
}
