import { describe, expect, it } from 'vitest';
import { adminClientConfig, insecureClientConfig, type ClientConfig } from '../client/index.js';
import { configPath, resolveConnection, type ConfigSources } from './client-config.js';
import { setCluster, setContext, setCredentials } from './config-edits.js';
import { namespaceOf, type VerbContext } from './verb-context.js';

const caPem = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
const certificatePem = '-----BEGIN CERTIFICATE-----\nQURNSU4=\n-----END CERTIFICATE-----\n';
const keyPem = '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n';
const file = '/home/u/.orca/config';

/** The admin's context `orca`, and `dev` (a token user on the same cluster, namespace prod). */
function twoContexts(): ClientConfig {
  let config = adminClientConfig({ servers: ['10.0.0.1:7000'], caPem, certificatePem, keyPem });
  config = setCredentials(config, 'dev', { token: 'dev-token' });
  return setContext(config, 'dev', { cluster: 'orca', user: 'dev', namespace: 'prod' });
}

function sources(overrides: Partial<ConfigSources> & { config?: ClientConfig | string }): ConfigSources {
  const text = typeof overrides.config === 'string' ? overrides.config : JSON.stringify(overrides.config);
  const files: Record<string, string> = overrides.config === undefined ? {} : { [file]: text };
  return { flags: {}, env: {}, home: '/home/u', readConfig: (path) => files[path], ...overrides };
}

describe('client connection resolution', () => {
  it("connects with the current context's servers, CA and client certificate", () => {
    expect(resolveConnection(sources({ config: twoContexts() }))).toEqual({
      servers: ['10.0.0.1:7000'],
      tls: { caPem, certificatePem, keyPem },
      context: 'orca',
      source: file,
    });
  });

  it('picks the context named by --context, else ORCA_CONTEXT, with its namespace', () => {
    const config = twoContexts();
    const dev = {
      servers: ['10.0.0.1:7000'],
      tls: { caPem, token: 'dev-token' },
      namespace: 'prod',
      context: 'dev',
      source: file,
    };
    expect(resolveConnection(sources({ config, flags: { context: 'dev' }, env: { ORCA_CONTEXT: 'orca' } }))).toEqual(
      dev,
    );
    expect(resolveConnection(sources({ config, env: { ORCA_CONTEXT: 'dev' } }))).toEqual(dev);
  });

  it("lets --server, then ORCA_SERVER, replace the servers and keeps the context's credentials", () => {
    const config = twoContexts();
    const byFlag = resolveConnection(sources({ config, flags: { server: 'a:1, b:2' }, env: { ORCA_SERVER: 'c:3' } }));
    expect(byFlag).toMatchObject({
      servers: ['a:1', 'b:2'],
      source: '--server',
      tls: { caPem, certificatePem, keyPem },
    });
    const byEnv = resolveConnection(sources({ config, env: { ORCA_SERVER: 'c:3' } }));
    expect(byEnv).toMatchObject({ servers: ['c:3'], source: 'ORCA_SERVER', tls: { caPem, keyPem } });
  });

  it("lets --token replace the context's user, keeping the cluster CA", () => {
    const resolved = resolveConnection(sources({ config: twoContexts(), flags: { token: 'abc' } }));
    expect(resolved.tls).toEqual({ caPem, token: 'abc' });
    expect(() => resolveConnection(sources({ config: twoContexts(), flags: { token: 'a b' } }))).toThrow(
      '--token: must be printable ASCII',
    );
  });

  it('connects in plaintext to a cluster without a CA, and refuses to send credentials there', () => {
    const insecure = insecureClientConfig(['h:9']);
    expect(resolveConnection(sources({ config: insecure }))).toEqual({
      servers: ['h:9'],
      context: 'orca',
      source: file,
    });
    expect(() => resolveConnection(sources({ config: insecure, flags: { token: 't' } }))).toThrow(
      /cluster "orca" has no certificate-authority-data, so --token cannot be sent/,
    );
    const withUser = setContext(setCredentials(insecure, 'me', { token: 't' }), 'orca', { user: 'me' });
    expect(() => resolveConnection(sources({ config: withUser }))).toThrow(/so user "me" cannot be sent/);
    // The older file: a plaintext context too.
    expect(resolveConnection(sources({ config: '{"servers":["h:9"]}' })).servers).toEqual(['h:9']);
  });

  it('names the known contexts when the one asked for does not exist, and dangling references', () => {
    expect(() => resolveConnection(sources({ config: twoContexts(), flags: { context: 'staging' } }))).toThrow(
      `--context: no context "staging" in ${file} (known: orca, dev)`,
    );
    expect(() => resolveConnection(sources({ config: twoContexts(), env: { ORCA_CONTEXT: 'x' } }))).toThrow(
      'ORCA_CONTEXT: no context "x"',
    );
    const dangling = setContext(twoContexts(), 'orca', { cluster: 'gone' });
    expect(() => resolveConnection(sources({ config: dangling }))).toThrow(
      `${file}: context "orca": no cluster "gone" in clusters (known: orca)`,
    );
    const noCurrent = { ...twoContexts(), 'current-context': '' };
    expect(() => resolveConnection(sources({ config: noCurrent }))).toThrow(/no current context: choose one with/);
    expect(resolveConnection(sources({ config: noCurrent, flags: { server: 'a:1' } })).servers).toEqual(['a:1']);
  });

  it('uses --server alone when there is no config file, in plaintext', () => {
    expect(resolveConnection(sources({ flags: { server: 'a:1' } }))).toEqual({ servers: ['a:1'], source: '--server' });
    expect(() => resolveConnection(sources({ flags: { server: 'a:1', context: 'orca' } }))).toThrow(
      `--context "orca": there is no client config at ${file}`,
    );
    expect(() => resolveConnection(sources({ flags: { server: 'a:1', token: 't' } }))).toThrow(
      /--token: needs a context/,
    );
  });

  it('reads the file named by ORCA_CONFIG', () => {
    expect(configPath({ ORCA_CONFIG: '/etc/orca.json' }, '/home/u')).toBe('/etc/orca.json');
    expect(configPath({}, '/home/u')).toBe('/home/u/.orca/config');
    const resolved = resolveConnection({
      flags: {},
      env: { ORCA_CONFIG: '/etc/orca.json' },
      home: '/home/u',
      readConfig: (path) =>
        path === '/etc/orca.json' ? JSON.stringify(setCluster(twoContexts(), 'orca', { servers: ['h:9'] })) : undefined,
    });
    expect(resolved.servers).toEqual(['h:9']);
  });

  it('says in one line what to do when nothing is configured', () => {
    expect(() => resolveConnection(sources({}))).toThrow(
      /^no Orca server configured: pass --server HOST:PORT, set ORCA_SERVER, or start a cluster with `orca up` \(it writes \/home\/u\/\.orca\/config\)$/,
    );
  });

  it('names the source and the field of a broken setting', () => {
    expect(() => resolveConnection(sources({ flags: { server: 'nohost' } }))).toThrow(
      '--server: "nohost" is not host:port',
    );
    expect(() => resolveConnection(sources({ config: '{"servers": "a:1"}' }))).toThrow(
      `${file}: servers: must be a list of "host:port" strings`,
    );
    expect(() => resolveConnection(sources({ config: '{oops' }))).toThrow(/\/home\/u\/\.orca\/config: not valid JSON/);
  });
});

describe('the namespace of namespaced verbs', () => {
  const context = (namespace?: string): VerbContext => ({
    write: () => undefined,
    warn: () => undefined,
    readStdin: () => Promise.resolve(''),
    resolveServers: () => ({ servers: ['h:1'], ...(namespace === undefined ? {} : { namespace }) }),
    now: () => 0,
  });

  it("is -n when given, else the context's, else default", () => {
    expect(namespaceOf(context('prod'), {}, { namespace: 'web' })).toBe('web');
    expect(namespaceOf(context('prod'), {}, {})).toBe('prod');
    expect(namespaceOf(context(), {}, {})).toBe('default');
  });
});
