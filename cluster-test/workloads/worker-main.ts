/**
 * Runs one worker exactly as `orca worker` does (runWorkerCommand with the same
 * flags), for WorkerProcesses. It exists because `orca worker --server ADDR`
 * does not parse today: the program-wide `--server` option of the client verbs
 * takes the value before the worker command sees it, so its required
 * `--server` is reported missing. When that is fixed, WorkerProcesses can spawn
 * `orca worker` itself.
 *
 *   node worker-main.js --name N --server ADDR[,ADDR…] [--runtime sim] [--root-dir D] [--pod-cidr C] [--host-ip IP] [--listen HOST:PORT] [--containerd-socket PATH]
 */
import { parseArgs } from 'node:util';
import { runWorkerCommand } from '../../src/worker/index.js';

function flags(): Record<string, string | undefined> {
  const names = ['name', 'server', 'runtime', 'root-dir', 'pod-cidr', 'host-ip', 'listen', 'containerd-socket'] as const;
  const { values } = parseArgs({ options: Object.fromEntries(names.map((name) => [name, { type: 'string' }])), strict: true });
  return values as Record<string, string | undefined>;
}

try {
  const parsed = flags();
  await runWorkerCommand({
    name: parsed['name'], server: parsed['server'], runtime: parsed['runtime'], rootDir: parsed['root-dir'], podCidr: parsed['pod-cidr'],
    hostIp: parsed['host-ip'], listen: parsed['listen'], containerdSocket: parsed['containerd-socket'],
  });
  process.exit(0);
} catch (error: unknown) {
  console.error(`worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
