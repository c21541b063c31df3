// One port, two protocols: a connection whose first byte opens a TLS handshake goes to the HTTPS
// server, anything else to the plain HTTP server. kubectl needs HTTPS (it sends tokens over TLS
// only); tests, curl and the `/_emulator` side door stay simple over plain HTTP on the same URL.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

const tlsHandshakeRecord = 0x16;

export interface DualProtocolListenerOptions {
  host: string;
  port: number;
  certificatePem: string;
  privateKeyPem: string;
  handler: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface DualProtocolListener {
  address: AddressInfo;
  /** Stops accepting and ends idle keep-alive connections; resolves once every connection has ended. */
  close(): Promise<void>;
  /** Ends every connection, busy or not. */
  closeAllConnections(): void;
}

export function listenHttpAndHttps(options: DualProtocolListenerOptions): Promise<DualProtocolListener> {
  const httpServer = createHttpServer(options.handler);
  const httpsServer = createHttpsServer({ key: options.privateKeyPem, cert: options.certificatePem }, options.handler);
  const sockets = new Set<Socket>();
  const netServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that resets before sending anything must not take the process down.
    socket.on('error', () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      if (chunk[0] === tlsHandshakeRecord) {
        // The TLS socket drains what is buffered on the raw socket itself (tls.js initRead);
        // resuming here would let the handshake's first bytes flow past it.
        httpsServer.emit('connection', socket);
      } else {
        httpServer.emit('connection', socket);
        socket.resume();
      }
    });
  });

  const closeAllConnections = (): void => {
    httpServer.closeAllConnections();
    for (const socket of sockets) socket.destroy();
  };

  return new Promise((resolve, reject) => {
    netServer.once('error', reject);
    netServer.listen(options.port, options.host, () => {
      netServer.off('error', reject);
      resolve({
        address: netServer.address() as AddressInfo,
        closeAllConnections,
        close: () =>
          new Promise<void>((done) => {
            netServer.close(() => done());
            httpServer.closeIdleConnections();
            httpsServer.closeIdleConnections();
          }),
      });
    });
  });
}
