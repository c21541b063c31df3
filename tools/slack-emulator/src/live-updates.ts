import type { ServerResponse } from 'node:http';
import type { StateChange } from './emulator-state.ts';

// Server-Sent Events for the console: each change is announced (`event: change`) and the page
// fetches what it shows again. Cheap, and no message is ever lost to a missed delta.

export interface LiveUpdates {
  subscribe(res: ServerResponse): void;
  publish(change: StateChange): void;
  close(): void;
}

export function createLiveUpdates(heartbeatMs = 15_000): LiveUpdates {
  const clients = new Set<ServerResponse>();
  let version = 0;
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, heartbeatMs);
  heartbeat.unref();

  return {
    subscribe(res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
      });
      res.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify({ version })}\n\n`);
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    publish(change) {
      version += 1;
      const frame = `event: change\ndata: ${JSON.stringify({ version, ...change })}\n\n`;
      for (const res of clients) res.write(frame);
    },
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
