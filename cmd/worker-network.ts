/**
 * The pod network a worker process runs beside its pods: `orca worker` and
 * `orca up` both hand the worker a NodeNetwork (src/network), which the worker
 * cannot import itself (it is a client of the API, like the network is).
 */
import {
  NodeNetwork,
  nodeNetworkDefaults,
  nodeNetworkOptionsFromFlags,
  type NodeNetworkFlags,
} from '../src/network/index.js';
import type { PodNetwork, WorkerNetworkContext } from '../src/worker/index.js';

export function nodeNetworkFactory(flags: NodeNetworkFlags): (context: WorkerNetworkContext) => PodNetwork {
  const options = nodeNetworkOptionsFromFlags(flags);
  return (context) =>
    new NodeNetwork({
      ...nodeNetworkDefaults,
      ...options,
      client: context.client,
      nodeName: context.name,
      hostIp: context.hostIp,
      logger: context.logger.child({ component: 'network' }),
    });
}
