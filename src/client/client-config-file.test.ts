import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adminClientConfig,
  base64Of,
  clientConfigLimits,
  insecureClientConfig,
  parseClientConfig,
  pemOf,
  writeClientConfig,
  type ClientConfig,
} from './client-config-file.js';

const caPem = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
const certificatePem = '-----BEGIN CERTIFICATE-----\nQURNSU4=\n-----END CERTIFICATE-----\n';
const keyPem = '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n';
const path = '~/.orca/config';

function withUser(user: unknown): string {
  const config = adminClientConfig({ servers: ['10.0.0.1:7000'], caPem, certificatePem, keyPem });
  return JSON.stringify({ ...config, users: [{ name: 'admin', user }] });
}

describe('client config file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'orca-client-config-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('makes the admin config after bootstrap: one context pairing the cluster (with its CA) and the admin', () => {
    const config = adminClientConfig({ servers: ['10.0.0.1:7000', '10.0.0.2:7000'], caPem, certificatePem, keyPem });
    expect(config['current-context']).toBe('orca');
    expect(config.contexts).toEqual([{ name: 'orca', context: { cluster: 'orca', user: 'admin' } }]);
    expect(config.clusters[0]?.cluster.servers).toEqual(['10.0.0.1:7000', '10.0.0.2:7000']);
    expect(pemOf(config.clusters[0]?.cluster['certificate-authority-data'] ?? '')).toBe(caPem);
    expect(pemOf(config.users[0]?.user['client-key-data'] ?? '')).toBe(keyPem);
    const named = adminClientConfig({
      clusterName: 'prod',
      userName: 'ops',
      servers: ['h:1'],
      caPem,
      certificatePem,
      keyPem,
    });
    expect(named.contexts).toEqual([{ name: 'prod', context: { cluster: 'prod', user: 'ops' } }]);
  });

  it('writes atomically, readable by its owner only, and reads back what it wrote', () => {
    const file = join(folder, 'nested', 'config');
    const config = adminClientConfig({ servers: ['127.0.0.1:7000'], caPem, certificatePem, keyPem });
    writeClientConfig(file, config);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseClientConfig(readFileSync(file, 'utf8'), file)).toEqual(config);
  });

  it('still writes a bare server list in the older shape, which reads as a plaintext context', () => {
    const file = join(folder, 'old');
    writeClientConfig(file, ['127.0.0.1:7000']);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toEqual({ servers: ['127.0.0.1:7000'] });
    expect(parseClientConfig(text, file)).toEqual(insecureClientConfig(['127.0.0.1:7000']));
  });

  it('refuses to write a config it would not read', () => {
    const broken = { ...insecureClientConfig(['h:1']), clusters: [{ name: 'orca', cluster: { servers: [] } }] };
    expect(() => writeClientConfig(join(folder, 'broken'), broken as ClientConfig)).toThrow(
      /broken: clusters\[0\]\.cluster\.servers: at least one/,
    );
  });

  it('names the file and the field path of what is wrong', () => {
    expect(() => parseClientConfig(withUser({}), path)).toThrow(
      '~/.orca/config: users[0].user: needs client-certificate-data and client-key-data, or token',
    );
    expect(() => parseClientConfig(withUser({ 'client-certificate-data': base64Of(certificatePem) }), path)).toThrow(
      'users[0].user: needs client-certificate-data and client-key-data, or token',
    );
    expect(() =>
      parseClientConfig(
        withUser({ 'client-certificate-data': 'not base64!', 'client-key-data': base64Of(keyPem) }),
        path,
      ),
    ).toThrow('~/.orca/config: users[0].user.client-certificate-data: must be base64 of a PEM CERTIFICATE');
    expect(() =>
      parseClientConfig(
        withUser({ 'client-certificate-data': base64Of(keyPem), 'client-key-data': base64Of(keyPem) }),
        path,
      ),
    ).toThrow('users[0].user.client-certificate-data: must be base64 of a PEM CERTIFICATE');
    expect(() => parseClientConfig(withUser({ token: 'has space' }), path)).toThrow(
      'users[0].user.token: must be printable',
    );
    expect(() => parseClientConfig('{"apiVersion":"v1","kind":"Config","clusters":{}}', path)).toThrow(
      '~/.orca/config: clusters: must be a list',
    );
    expect(() =>
      parseClientConfig(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'a', cluster: { servers: ['nohost'] } }],
        }),
        path,
      ),
    ).toThrow('~/.orca/config: clusters[0].cluster.servers[0]: "nohost" is not host:port');
    expect(() =>
      parseClientConfig(
        JSON.stringify({ apiVersion: 'v1', kind: 'Config', contexts: [{ name: 'c', context: {} }] }),
        path,
      ),
    ).toThrow('~/.orca/config: contexts[0].context.cluster: must be a non-empty string');
    expect(() => parseClientConfig('{"apiVersion":"v2","kind":"Config"}', path)).toThrow('apiVersion: must be "v1"');
    expect(() => parseClientConfig('{oops', path)).toThrow(/^~\/\.orca\/config: not valid JSON/);
  });

  it('accepts a token user, or a certificate user that also carries a token', () => {
    expect(parseClientConfig(withUser({ token: 'abc.def' }), path).users[0]?.user).toEqual({ token: 'abc.def' });
    const both = {
      'client-certificate-data': base64Of(certificatePem),
      'client-key-data': base64Of(keyPem),
      token: 't',
    };
    expect(parseClientConfig(withUser(both), path).users[0]?.user).toEqual(both);
  });

  it('refuses duplicate names and more entries, or bytes, than its limits', () => {
    const twice = {
      apiVersion: 'v1',
      kind: 'Config',
      users: [
        { name: 'a', user: { token: 't' } },
        { name: 'a', user: { token: 'u' } },
      ],
    };
    expect(() => parseClientConfig(JSON.stringify(twice), path)).toThrow('users[1].name: "a" appears twice');
    const many = {
      apiVersion: 'v1',
      kind: 'Config',
      users: Array.from({ length: clientConfigLimits.entriesMax + 1 }, (_, index) => ({
        name: `u${index}`,
        user: { token: 't' },
      })),
    };
    expect(() => parseClientConfig(JSON.stringify(many), path)).toThrow(
      `users: at most ${clientConfigLimits.entriesMax} entries`,
    );
    expect(() => parseClientConfig(' '.repeat(clientConfigLimits.fileBytesMax + 1), path)).toThrow(
      `~/.orca/config: larger than ${clientConfigLimits.fileBytesMax} bytes`,
    );
  });

  it('reads the older {"servers": [...]} file as one plaintext context, with the same checks', () => {
    expect(parseClientConfig('{"servers":["h:9"]}', path)).toEqual(insecureClientConfig(['h:9']));
    expect(() => parseClientConfig('{"servers":"a:1"}', path)).toThrow(
      '~/.orca/config: servers: must be a list of "host:port" strings',
    );
  });
});
