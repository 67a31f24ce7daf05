import { describe, expect, it } from 'vitest';
import { configPath, resolveServers, type ConfigSources } from './client-config.js';

function sources(overrides: Partial<ConfigSources> & { file?: string }): ConfigSources {
  const files: Record<string, string> = overrides.file === undefined ? {} : { '/home/u/.orca/config': overrides.file };
  return { env: {}, home: '/home/u', readConfig: (path) => files[path], ...overrides };
}

describe('client config resolution', () => {
  it('prefers --server, then ORCA_SERVER, then the config file', () => {
    const file = JSON.stringify({ servers: ['127.0.0.1:7001'] });
    expect(resolveServers(sources({ flag: 'a:1, b:2', env: { ORCA_SERVER: 'c:3' }, file }))).toEqual({
      servers: ['a:1', 'b:2'],
      source: '--server',
    });
    expect(resolveServers(sources({ env: { ORCA_SERVER: 'c:3' }, file }))).toEqual({
      servers: ['c:3'],
      source: 'ORCA_SERVER',
    });
    expect(resolveServers(sources({ file }))).toEqual({ servers: ['127.0.0.1:7001'], source: '/home/u/.orca/config' });
  });

  it('reads the file named by ORCA_CONFIG', () => {
    expect(configPath({ ORCA_CONFIG: '/etc/orca.json' }, '/home/u')).toBe('/etc/orca.json');
    expect(configPath({}, '/home/u')).toBe('/home/u/.orca/config');
    const resolved = resolveServers({
      env: { ORCA_CONFIG: '/etc/orca.json' },
      home: '/home/u',
      readConfig: (path) => (path === '/etc/orca.json' ? '{"servers":["h:9"]}' : undefined),
    });
    expect(resolved.servers).toEqual(['h:9']);
  });

  it('says in one line what to do when nothing is configured', () => {
    expect(() => resolveServers(sources({}))).toThrow(
      /^no Orca server configured: pass --server HOST:PORT, set ORCA_SERVER, or start a cluster with `orca up` \(it writes \/home\/u\/\.orca\/config\)$/,
    );
  });

  it('names the source and the field of a broken setting', () => {
    expect(() => resolveServers(sources({ flag: 'nohost' }))).toThrow('--server: "nohost" is not host:port');
    expect(() => resolveServers(sources({ file: '{"servers": "a:1"}' }))).toThrow(
      '/home/u/.orca/config: servers: must be a list of "host:port" strings',
    );
    expect(() => resolveServers(sources({ file: '{oops' }))).toThrow(/\/home\/u\/\.orca\/config: not valid JSON/);
  });
});
