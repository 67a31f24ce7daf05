/**
 * A cluster DNS server in a process of its own for the DNS benchmark, so the
 * load generator does not share its event loop: `services` Services (half
 * ClusterIP, half headless with three endpoints) on 127.0.0.1, port printed
 * on stdout as `PORT=N`; it runs until its parent closes stdin.
 */
import type { Endpoints, Service } from '../../src/api/index.js';
import { ClusterDnsServer } from '../../src/network/dns/index.js';
import { MemoryNetworkSource } from '../../src/network/index.js';

function fill(source: MemoryNetworkSource, count: number): void {
  const objects: (Service | Endpoints)[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = `svc-${index}`;
    const headless = index % 2 === 1;
    const ip = `10.96.${Math.floor(index / 250) + 1}.${(index % 250) + 1}`;
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'bench' },
      spec: { clusterIp: headless ? 'None' : ip, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace: 'bench' },
      subsets: [
        {
          addresses: [1, 2, 3].map((host) => ({ ip: `10.244.${index % 250}.${host + 1}` })),
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
  }
  source.put(...objects);
}

const count = Number(process.argv[2] ?? '1000');
const source = new MemoryNetworkSource();
fill(source, count);
const server = new ClusterDnsServer({ source, listen: { address: '127.0.0.1', port: 0 }, upstreams: [] });
const bound = await server.start();
process.stdout.write(`PORT=${bound.port}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
