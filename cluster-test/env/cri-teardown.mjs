// Stops and removes every container and pod sandbox of one containerd through
// CRI, so that CNI releases each pod's network (veth, IP, port mappings) the
// proper way before setup.sh stop kills the daemon. Plain JavaScript: it runs
// from the shell script without a build.
//   node cluster-test/env/cri-teardown.mjs unix:///path/containerd.sock
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const callTimeoutMs = 10_000;
const address = process.argv[2];
if (address === undefined || !address.startsWith('unix://')) {
  console.error('usage: cri-teardown.mjs unix:///path/containerd.sock');
  process.exit(2);
}

const protoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'proto');
const loaderOptions = { includeDirs: [protoRoot], longs: Number, enums: String, defaults: true, arrays: true };
const definition = loadSync(join(protoRoot, 'cri', 'api.proto'), loaderOptions);
const runtimeV1 = loadPackageDefinition(definition).runtime.v1;
const runtime = new runtimeV1.RuntimeService(address, credentials.createInsecure());

function call(method, request) {
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + callTimeoutMs);
    runtime[method](request, { deadline }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

let failures = 0;
async function attempt(what, method, request) {
  try {
    await call(method, request);
  } catch (error) {
    failures += 1;
    console.error(`cri-teardown: ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const { containers } = await call('ListContainers', {});
for (const container of containers) {
  await attempt(`stop container ${container.id}`, 'StopContainer', { containerId: container.id, timeout: 0 });
  await attempt(`remove container ${container.id}`, 'RemoveContainer', { containerId: container.id });
}
const { items } = await call('ListPodSandbox', {});
for (const sandbox of items) {
  await attempt(`stop sandbox ${sandbox.id}`, 'StopPodSandbox', { podSandboxId: sandbox.id });
  await attempt(`remove sandbox ${sandbox.id}`, 'RemovePodSandbox', { podSandboxId: sandbox.id });
}
runtime.close();
process.exit(failures === 0 ? 0 : 1);
