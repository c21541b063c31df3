import net from 'node:net';

/** The port itself, or a free one for 0 (children need a number before they start). */
export async function resolvePort(port: number, host = '127.0.0.1'): Promise<number> {
  if (port !== 0) return port;
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port: free } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}
