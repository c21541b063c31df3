import net from 'node:net';

/**
 * A TCP relay on loopback that a test can cut, to play a network outage between a client and a
 * real server (for example the api's connection pool and PostgreSQL) without touching either.
 */
export interface TcpProxy {
  readonly port: number;
  /** Drops every relayed connection and refuses new ones until `restore()`. */
  cut(): Promise<void>;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    async cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The same connection string, pointed at the proxy. */
export function viaProxy(connectionString: string, proxy: TcpProxy): string {
  const url = new URL(connectionString);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}
