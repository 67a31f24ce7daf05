/**
 * One raft-ts replica as an OS process, for raft-ts's real-process tests and
 * benchmarks: SQLite log on disk with fsync, file snapshots, the gRPC transport,
 * and the key-value FSM behind a small gRPC service (raft.v1.TestKv) on the same
 * port as the Raft traffic.
 *
 *   node dist/cluster-test/raft/replica.js --id r1 --listen 127.0.0.1:7001 \
 *     --data-dir D --peers r1=127.0.0.1:7001,r2=...,r3=... [--bootstrap]
 *
 * Prints one JSON line {"event":"ready",...} on stdout once serving. SIGTERM stops it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { RaftNode } from '../../src/raft/node.js';
import { SqliteRaftStore, FileSnapshotStore } from '../../src/raft/storage/index.js';
import { GrpcTransport } from '../../src/raft/transport/index.js';
import { KvFsm } from '../../src/raft/testing/kv-fsm.js';
import type { RaftConfig } from '../../src/raft/config.js';
import type { Configuration } from '../../src/raft/types.js';
import { serveTestKv } from './test-kv-service.js';

interface ReplicaArguments {
  id: string;
  listen: string;
  dataDir: string;
  peers: { id: string; address: string }[];
  bootstrap: boolean;
  config: Partial<RaftConfig>;
}

function parsePeers(text: string): { id: string; address: string }[] {
  return text
    .split(',')
    .filter((part) => part !== '')
    .map((part) => {
      const [id, address] = part.split('=');
      if (id === undefined || address === undefined || id === '' || address === '')
        throw new Error(`--peers: expected id=host:port, got ${part}`);
      return { id, address };
    });
}

function parseArguments(argv: string[]): ReplicaArguments {
  const { values } = parseArgs({
    args: argv,
    options: {
      id: { type: 'string' },
      listen: { type: 'string' },
      'data-dir': { type: 'string' },
      peers: { type: 'string', default: '' },
      bootstrap: { type: 'boolean', default: false },
      'raft-config': { type: 'string', default: '{}' },
    },
  });
  if (values.id === undefined || values.listen === undefined || values['data-dir'] === undefined) {
    throw new Error('usage: replica --id ID --listen HOST:PORT --data-dir DIR --peers id=addr,... [--bootstrap]');
  }
  return {
    id: values.id,
    listen: values.listen,
    dataDir: values['data-dir'],
    peers: parsePeers(values.peers ?? ''),
    bootstrap: values.bootstrap ?? false,
    config: JSON.parse(values['raft-config'] ?? '{}') as Partial<RaftConfig>,
  };
}

async function bindServer(server: grpc.Server, address: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error) =>
      error === null ? resolve() : reject(error),
    );
  });
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  mkdirSync(join(options.dataDir, 'snapshots'), { recursive: true });
  const store = SqliteRaftStore.open(options.dataDir);
  const snapshots = await FileSnapshotStore.open(join(options.dataDir, 'snapshots'), { retain: 2 });
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const transport = new GrpcTransport({ localId: options.id, localAddress: options.listen, server });
  const fsm = new KvFsm();
  const node = await RaftNode.open({
    id: options.id,
    address: options.listen,
    config: options.config,
    store,
    snapshots,
    transport,
    fsm,
    peers: options.peers,
  });
  if (options.bootstrap && store.lastIndex() === 0) {
    const configuration: Configuration = {
      servers: options.peers.map((peer) => ({ ...peer, suffrage: 'voter' as const })),
    };
    node.bootstrapCluster(configuration);
  }
  serveTestKv(server, node, fsm);
  await bindServer(server, options.listen);
  await node.start();
  process.stdout.write(
    JSON.stringify({ event: 'ready', id: options.id, address: options.listen, pid: process.pid }) + '\n',
  );

  const stop = async (): Promise<void> => {
    await node.shutdown();
    server.forceShutdown();
    store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`replica failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
