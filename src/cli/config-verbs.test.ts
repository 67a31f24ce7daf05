import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adminClientConfig, emptyClientConfig, parseClientConfig, pemOf, type ClientConfig } from '../client/index.js';
import { clientActions } from './client-verbs.js';
import type { ConfigStore } from './client-config.js';
import { contextsTable, redactConfig } from './config-edits.js';
import { describeFailure } from './errors.js';
import { buildProgram } from './program.js';
import type { VerbContext } from './verb-context.js';

const caPem = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
const certificatePem = '-----BEGIN CERTIFICATE-----\nQURNSU4=\n-----END CERTIFICATE-----\n';
const keyPem = '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n';

/** A config file in memory (written through the same validator as the real one) and files to embed. */
function memoryStore(
  initial: ClientConfig | undefined,
  files: Record<string, string> = {},
): ConfigStore & { text?: string } {
  const store: ConfigStore & { text?: string } = {
    path: '/home/u/.orca/config',
    read: () => (store.text === undefined ? emptyClientConfig() : parseClientConfig(store.text, store.path)),
    write: (config) => {
      store.text = JSON.stringify(parseClientConfig(JSON.stringify(config), store.path));
    },
    readFile: (file) => {
      const text = files[file];
      if (text === undefined) throw new Error(`no file ${file}`);
      return text;
    },
  };
  if (initial !== undefined) store.text = JSON.stringify(initial);
  return store;
}

async function orca(
  store: ConfigStore,
  args: string[],
): Promise<{ output: string; failure?: string; exitCode: number }> {
  let output = '';
  const context: VerbContext = {
    write: (text) => (output += text),
    warn: (text) => (output += text),
    readStdin: () => Promise.resolve(''),
    resolveServers: () => {
      throw new Error('config verbs do not connect');
    },
    configStore: store,
    now: () => 0,
  };
  const program = buildProgram(clientActions(context), (text) => (output += text));
  try {
    await program.parseAsync(['node', 'orca', ...args]);
    return { output, exitCode: 0 };
  } catch (error: unknown) {
    const failure = describeFailure(error);
    return { output, failure: failure.line, exitCode: failure.exitCode };
  }
}

const admin = (): ClientConfig => adminClientConfig({ servers: ['10.0.0.1:7000'], caPem, certificatePem, keyPem });

describe('orca config', () => {
  it('view leaves out certificates, keys and tokens as kubectl does; --raw shows them', async () => {
    const store = memoryStore(admin());
    await orca(store, ['config', 'set-credentials', 'dev', '--token', 's3cret']);
    const shown = await orca(store, ['config', 'view']);
    expect(shown.output).not.toContain('s3cret');
    expect(shown.output).not.toContain(admin().users[0]?.user['client-key-data']);
    const viewed = parse(shown.output) as ClientConfig;
    expect(viewed.clusters[0]?.cluster['certificate-authority-data']).toBe('DATA+OMITTED');
    expect(viewed.users[0]?.user).toEqual({
      'client-certificate-data': 'DATA+OMITTED',
      'client-key-data': 'DATA+OMITTED',
    });
    expect(viewed.users[1]?.user).toEqual({ token: 'REDACTED' });
    const raw = JSON.parse((await orca(store, ['config', 'view', '--raw', '-o', 'json'])).output) as ClientConfig;
    expect(raw.users[1]?.user.token).toBe('s3cret');
    expect(pemOf(raw.users[0]?.user['client-key-data'] ?? '')).toBe(keyPem);
    expect(redactConfig(emptyClientConfig())).toEqual(emptyClientConfig());
  });

  it('get-contexts marks the current one; current-context and use-context read and switch it', async () => {
    const store = memoryStore(admin());
    expect(
      (await orca(store, ['config', 'set-context', 'dev', '--cluster', 'orca', '--namespace', 'prod'])).output,
    ).toBe('Context "dev" created.\n');
    expect((await orca(store, ['config', 'get-contexts'])).output).toBe(
      'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n*         orca   orca      admin\n          dev    orca                 prod\n',
    );
    expect((await orca(store, ['config', 'current-context'])).output).toBe('orca\n');
    expect((await orca(store, ['config', 'use-context', 'dev'])).output).toBe('Switched to context "dev".\n');
    expect((await orca(store, ['config', 'current-context'])).output).toBe('dev\n');
    expect(contextsTable(store.read())).toMatch(/^\*\s+dev\s+orca\s+prod$/m);
  });

  it('use-context names the known contexts when the one asked for is missing, and changes nothing', async () => {
    const store = memoryStore(admin());
    const before = store.text;
    const result = await orca(store, ['config', 'use-context', 'staging']);
    expect(result).toMatchObject({ failure: 'error: no context "staging" (known: orca)', exitCode: 2 });
    expect(store.text).toBe(before);
    expect((await orca(memoryStore(undefined), ['config', 'current-context'])).failure).toMatch(
      /current-context is not set \(there are none/,
    );
  });

  it('set-context changes only the fields given; a new context needs a cluster', async () => {
    const store = memoryStore(admin());
    await orca(store, ['config', 'set-context', 'orca', '--namespace', 'web']);
    expect(store.read().contexts).toEqual([
      { name: 'orca', context: { cluster: 'orca', user: 'admin', namespace: 'web' } },
    ]);
    expect((await orca(store, ['config', 'set-context', 'orca', '--namespace', 'web'])).output).toBe(
      'Context "orca" modified.\n',
    );
    expect((await orca(store, ['config', 'set-context', 'new'])).failure).toBe(
      'error: set-context new: a new context needs --cluster',
    );
  });

  it('set-credentials embeds a certificate and key read from files, or a token; never half a pair', async () => {
    const store = memoryStore(undefined, { '/c.pem': certificatePem, '/k.pem': keyPem });
    const set = await orca(store, [
      'config',
      'set-credentials',
      'ops',
      '--client-certificate',
      '/c.pem',
      '--client-key',
      '/k.pem',
    ]);
    expect(set.output).toBe('User "ops" set.\n');
    const user = store.read().users[0]?.user;
    expect(pemOf(user?.['client-certificate-data'] ?? '')).toBe(certificatePem);
    expect(pemOf(user?.['client-key-data'] ?? '')).toBe(keyPem);
    await orca(store, ['config', 'set-credentials', 'ops', '--token', 'tok']);
    expect(store.read().users).toEqual([{ name: 'ops', user: { token: 'tok' } }]);
    expect((await orca(store, ['config', 'set-credentials', 'x', '--client-certificate', '/c.pem'])).failure).toBe(
      'error: set-credentials x: --client-certificate and --client-key go together',
    );
    expect(
      (
        await orca(store, [
          'config',
          'set-credentials',
          'x',
          '--client-certificate',
          '/k.pem',
          '--client-key',
          '/k.pem',
        ])
      ).failure,
    ).toBe('error: --client-certificate: /k.pem holds no PEM CERTIFICATE');
    expect((await orca(store, ['config', 'set-credentials', 'x'])).failure).toMatch(
      /give --token, or --client-certificate/,
    );
  });

  it('set-cluster sets servers and embeds the CA; a new cluster needs servers', async () => {
    const store = memoryStore(undefined, { '/ca.pem': caPem });
    expect(
      (await orca(store, ['config', 'set-cluster', 'lab', '--server', 'a:1,b:2', '--certificate-authority', '/ca.pem']))
        .output,
    ).toBe('Cluster "lab" set.\n');
    expect(store.read().clusters[0]?.cluster.servers).toEqual(['a:1', 'b:2']);
    await orca(store, ['config', 'set-cluster', 'lab', '--server', 'c:3']);
    const cluster = store.read().clusters[0]?.cluster;
    expect(cluster?.servers).toEqual(['c:3']);
    expect(pemOf(cluster?.['certificate-authority-data'] ?? '')).toBe(caPem);
    expect((await orca(store, ['config', 'set-cluster', 'other'])).failure).toBe(
      'error: set-cluster other: a new cluster needs --server',
    );
    expect((await orca(store, ['config', 'set-cluster', 'other', '--server', 'nohost'])).failure).toBe(
      'error: --server: "nohost" is not host:port',
    );
  });
});
