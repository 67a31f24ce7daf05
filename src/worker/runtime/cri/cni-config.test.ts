import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { bridgeConflist } from './cni-config.js';
import { writeCniConfig } from './cni-config.js';

describe("the CNI config written from the Node's pod CIDR", () => {
  const folders: string[] = [];
  const folder = (): string => {
    const made = mkdtempSync(join(tmpdir(), 'orca-cni-'));
    folders.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of folders.splice(0)) rmSync(made, { recursive: true, force: true });
  });

  it('writes a bridge network on the CIDR, its first address the gateway, when the folder has none', () => {
    const confDir = join(folder(), 'net.d');
    const file = writeCniConfig({ confDir, bridge: 'orca0', networkName: 'orca' }, '10.244.3.0/24');
    expect(file).toBe(join(confDir, '10-orca.conflist'));
    const written = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof bridgeConflist>;
    expect(written).toMatchObject({
      name: 'orca',
      plugins: [
        {
          type: 'bridge',
          bridge: 'orca0',
          isGateway: true,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.3.0/24', gateway: '10.244.3.1' }]] },
        },
        { type: 'portmap' },
      ],
    });
  });

  it('moves an existing conflist to the CIDR, keeping its bridge, name and other plugins', () => {
    const confDir = folder();
    const existing = {
      cniVersion: '0.4.0',
      name: 'cni-w1',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni-w1',
          isGateway: true,
          ipam: { type: 'host-local', subnet: '10.245.7.0/24', dataDir: '/x/ipam' },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    };
    writeFileSync(join(confDir, '10-cni-w1.conflist'), JSON.stringify(existing));
    writeCniConfig({ confDir, bridge: 'orca0', networkName: 'orca' }, '10.244.1.0/24');
    const written = JSON.parse(readFileSync(join(confDir, '10-cni-w1.conflist'), 'utf8')) as typeof existing;
    expect(written.name).toBe('cni-w1');
    expect(written.plugins[0]).toEqual({
      type: 'bridge',
      bridge: 'cni-w1',
      isGateway: true,
      hairpinMode: true,
      ipam: { type: 'host-local', dataDir: '/x/ipam', ranges: [[{ subnet: '10.244.1.0/24', gateway: '10.244.1.1' }]] },
    });
    expect(written.plugins[1]).toEqual(existing.plugins[1]);
  });

  it('refuses what is not a CIDR', () => {
    expect(() => writeCniConfig({ confDir: folder(), bridge: 'b', networkName: 'n' }, '10.244.1.0')).toThrow(
      /not an IPv4 CIDR/,
    );
  });
});
