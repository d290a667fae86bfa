import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';

/**
 * A next hop that accepts connections and never says a word: the relay's deliveries wait on it (up
 * to its timeout), so a run measures acceptance alone and every accepted message stays queued.
 */
export async function silentNextHop(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
