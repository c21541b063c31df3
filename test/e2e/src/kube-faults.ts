import { expect } from 'vitest';

// The Kubernetes stand-in's fault side door (/_emulator/faults): GET shows the faults, POST sets
// the keys it is given (the others stay as they are), DELETE clears them all. The faults act as a
// real API server would: bursts answer requests with an error status, watchEventLimit cuts every
// watch after that many events, historyWindow keeps only that many writes to resume from.

export interface KubeFaultBurst {
  status: number;
  count: number;
  verb?: string;
  resource?: string;
}

export interface KubeFaults {
  watchEventLimit?: number | null;
  historyWindow?: number | null;
  bursts?: KubeFaultBurst[];
}

export interface KubeFaultsClient {
  /** Sets the given faults; fails the test if the stand-in refuses them. */
  set(faults: KubeFaults): Promise<void>;
  /** The bursts not used up yet (a burst's count goes down with each request it answers). */
  burstsLeft(): Promise<KubeFaultBurst[]>;
  clear(): Promise<void>;
}

/** `kubeUrl`: the stand-in's API server address as the dev stack reports it (https). */
export function createKubeFaultsClient(kubeUrl: string): KubeFaultsClient {
  // The stand-in's port speaks plain HTTP too; its self-signed certificate is only for clients
  // that need TLS to send a token, and the side door takes none.
  const kube = new URL(kubeUrl);
  kube.protocol = 'http:';
  const faultsUrl = new URL('/_emulator/faults', kube).href;

  return {
    async set(faults) {
      const response = await fetch(faultsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      expect(response.status, await response.clone().text()).toBe(200);
    },
    async burstsLeft() {
      return ((await (await fetch(faultsUrl)).json()) as { bursts: KubeFaultBurst[] }).bursts;
    },
    async clear() {
      await fetch(faultsUrl, { method: 'DELETE' });
    },
  };
}
