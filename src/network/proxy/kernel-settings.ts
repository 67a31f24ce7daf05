/**
 * The sysctls the proxy's rules rely on, set by writing /proc/sys of the
 * current network namespace:
 * - net.ipv4.conf.all.route_localnet=1: a NodePort on 127.0.0.1 is DNATed to a
 *   pod address; without it the kernel drops a packet from 127.0.0.1 leaving the
 *   loopback device.
 * - net.bridge.bridge-nf-call-iptables=1 (only when br_netfilter is loaded):
 *   replies bridged between two pods on the same node still pass conntrack and
 *   get un-DNATed.
 * Best effort: a failure is logged with its reason and reported, not thrown,
 * because the rest of service traffic works without them.
 */
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../network-error.js';
import { silentProxyLogger, type ProxyLogger } from './proxy-logger.js';

export type SysctlOutcome = 'set' | 'absent' | 'failed';

export interface ProxySysctlResult {
  readonly routeLocalnet: SysctlOutcome;
  readonly bridgeNfCallIptables: SysctlOutcome;
}

export interface ProxySysctlOptions {
  readonly logger?: ProxyLogger;
  /** Default /proc/sys; tests point it at a scratch folder. */
  readonly procSysRoot?: string;
}

export async function enableProxySysctls(options: ProxySysctlOptions = {}): Promise<ProxySysctlResult> {
  const root = options.procSysRoot ?? '/proc/sys';
  const logger = options.logger ?? silentProxyLogger;
  const routeLocalnet = await writeSysctl(join(root, 'net/ipv4/conf/all/route_localnet'), { required: true, logger });
  const bridgeNfCallIptables = await writeSysctl(join(root, 'net/bridge/bridge-nf-call-iptables'), {
    required: false,
    logger,
  });
  return { routeLocalnet, bridgeNfCallIptables };
}

async function writeSysctl(path: string, context: { required: boolean; logger: ProxyLogger }): Promise<SysctlOutcome> {
  if (!context.required) {
    try {
      await access(path);
    } catch {
      context.logger.debug({ path }, 'sysctl absent (module not loaded): left alone');
      return 'absent';
    }
  }
  try {
    await writeFile(path, '1\n');
    return 'set';
  } catch (error: unknown) {
    context.logger.warn(
      { path, reason: errorMessage(error) },
      'could not set sysctl; some service traffic may not work',
    );
    return 'failed';
  }
}
