import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enableProxySysctls } from './kernel-settings.js';
import type { ProxyLogger } from './proxy-logger.js';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function procSys(withBridge: boolean): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'orca-sysctl-'));
  folders.push(root);
  await mkdir(join(root, 'net/ipv4/conf/all'), { recursive: true });
  if (withBridge) {
    await mkdir(join(root, 'net/bridge'), { recursive: true });
    await writeFile(join(root, 'net/bridge/bridge-nf-call-iptables'), '0\n');
  }
  return root;
}

function recordingLogger(): ProxyLogger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = (): void => undefined;
  return {
    warnings,
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (fields, message) => warnings.push(`${message} ${JSON.stringify(fields)}`),
  };
}

describe('enableProxySysctls', () => {
  it('sets route_localnet and bridge-nf-call-iptables when both exist', async () => {
    const root = await procSys(true);
    expect(await enableProxySysctls({ procSysRoot: root })).toEqual({
      routeLocalnet: 'set',
      bridgeNfCallIptables: 'set',
    });
    expect(await readFile(join(root, 'net/ipv4/conf/all/route_localnet'), 'utf8')).toBe('1\n');
    expect(await readFile(join(root, 'net/bridge/bridge-nf-call-iptables'), 'utf8')).toBe('1\n');
  });

  it('leaves bridge-nf-call-iptables alone when br_netfilter is not loaded', async () => {
    const root = await procSys(false);
    expect(await enableProxySysctls({ procSysRoot: root })).toEqual({
      routeLocalnet: 'set',
      bridgeNfCallIptables: 'absent',
    });
  });

  it('reports and logs a sysctl it cannot write instead of throwing', async () => {
    const logger = recordingLogger();
    const result = await enableProxySysctls({ procSysRoot: '/nonexistent/proc/sys', logger });
    expect(result).toEqual({ routeLocalnet: 'failed', bridgeNfCallIptables: 'absent' });
    expect(logger.warnings[0]).toMatch(/could not set sysctl.*route_localnet.*ENOENT/);
  });
});
