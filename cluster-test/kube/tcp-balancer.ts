/**
 * A TCP load balancer in front of the masters' REST ports, as an HA
 * Kubernetes control plane has one (kubeconfig names one server): each
 * connection goes to the first master that accepts it, in turn, so kubectl
 * keeps working while any master is down. TLS passes through untouched (the
 * masters' certificates name 127.0.0.1, whatever the port).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpBalancer {
  readonly address: string;
  close(): Promise<void>;
}

const connectTimeoutMs = 1000;

function connect(target: string): Promise<Socket> {
  const colon = target.lastIndexOf(':');
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: target.slice(0, colon), port: Number(target.slice(colon + 1)) });
    const timer = setTimeout(() => socket.destroy(new Error(`connect to ${target} timed out`)), connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function startTcpBalancer(targets: () => readonly string[]): Promise<TcpBalancer> {
  let turn = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.pause();
    void (async () => {
      const list = targets();
      for (let attempt = 0; attempt < list.length; attempt += 1) {
        const target = list[(turn + attempt) % list.length] ?? '';
        try {
          const upstream = await connect(target);
          turn = (turn + attempt + 1) % Math.max(1, list.length);
          sockets.add(upstream);
          upstream.once('close', () => sockets.delete(upstream));
          client.pipe(upstream);
          upstream.pipe(client);
          client.once('error', () => upstream.destroy());
          upstream.once('error', () => client.destroy());
          client.once('close', () => upstream.destroy());
          upstream.once('close', () => client.destroy());
          client.resume();
          return;
        } catch {
          // the next master
        }
      }
      client.destroy();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
