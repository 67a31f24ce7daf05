/**
 * The CLI against a secure master (TLS, client certificates, RBAC) over real
 * gRPC on loopback, driven in-process through the client config file as a
 * user would: join tokens made, listed and revoked as Secrets; `auth can-i`
 * answered by the cluster for an admin and for a user bound to `view` only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinTokenRecordFrom, parseJoinToken, type ObjectOfKind } from '../../src/api/index.js';
import {
  adminClientConfig,
  caHashOf,
  isClientError,
  OrcaClient,
  TlsIdentity,
  writeClientConfig,
} from '../../src/client/index.js';
import { clientActions, configVerbContext } from '../../src/cli/client-verbs.js';
import { describeFailure } from '../../src/cli/errors.js';
import { buildProgram } from '../../src/cli/program.js';
import type { Master } from '../../src/master/index.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import type { CliRun } from './cli-runner.js';

const fast = {
  callTimeoutMs: 3000,
  connectTimeoutMs: 1000,
  operationDeadlineMs: 10_000,
  backoffBaseMs: 20,
  backoffMaxMs: 200,
};

describe('the CLI against a secure master', () => {
  const masters = new TestMasters();
  const folder = mkdtempSync(join(tmpdir(), 'orca-secure-cli-'));
  const configFile = join(folder, 'config');
  let master: Master;
  let caPem = '';
  let admin: OrcaClient;

  /** `orca ARGS` with ORCA_CONFIG pointing at the test's file, as a user types it. */
  async function orca(args: string[]): Promise<CliRun> {
    let output = '';
    let errors = '';
    const context = configVerbContext({
      env: { ORCA_CONFIG: configFile },
      home: folder,
      write: (text) => (output += text),
      warn: (text) => (errors += text),
      readStdin: () => Promise.resolve(''),
      now: () => Date.now(),
      clientOptions: fast,
    });
    const program = buildProgram(clientActions(context), (text) => (output += text));
    try {
      await program.parseAsync(['node', 'orca', ...args]);
      return { output, errors, exitCode: 0 };
    } catch (error: unknown) {
      const failure = describeFailure(error);
      return { output, errors, failure: failure.line, exitCode: failure.exitCode };
    }
  }

  beforeAll(async () => {
    master = await masters.start('m1', { bootstrap: true, security: {}, leaderLoops: {} });
    await waitFor('m1 to lead', 10_000, () => (master.node.state === 'leader' ? true : undefined));
    const identity = await master.security!.issueClientIdentity('admin', ['system:masters']);
    caPem = identity.caPem;
    writeClientConfig(configFile, adminClientConfig({ servers: [master.address], ...identity }));
    admin = new OrcaClient({ ...fast, servers: [master.address], tls: new TlsIdentity(identity) });
  });

  afterAll(async () => {
    admin.close();
    await masters.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('makes a join token that pins the cluster CA, lists it without its secret, and revokes it', async () => {
    const created = await orca(['token', 'create', '--role', 'worker', '--ttl', '2h', '--description', 'rack 4']);
    expect(created).toMatchObject({ exitCode: 0 });
    const token = parseJoinToken(created.output.trim());
    expect(token.caHash).toBe(caHashOf(caPem));
    expect(token.caHash).toBe(master.security!.caHash);

    const secret = (await admin.get({
      kind: 'Secret',
      namespace: 'kube-system',
      name: `bootstrap-token-${token.id}`,
    })) as ObjectOfKind<'Secret'>;
    expect(secret.type).toBe('bootstrap.kubernetes.io/token');
    const decoded = Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
    );
    expect(joinTokenRecordFrom(decoded)).toMatchObject({
      id: token.id,
      secret: token.secret,
      role: 'worker',
      description: 'rack 4',
    });

    const listed = await orca(['token', 'list']);
    expect(listed.output).toMatch(new RegExp(`^${token.id}\\s+worker\\s+1\\d\\dm\\s+\\S+Z\\s+rack 4$`, 'm'));
    expect(listed.output).not.toContain(token.secret);

    expect(await orca(['token', 'revoke', token.id])).toMatchObject({
      exitCode: 0,
      output: `join token ${token.id} revoked\n`,
    });
    const gone = await admin
      .get({ kind: 'Secret', namespace: 'kube-system', name: `bootstrap-token-${token.id}` })
      .catch((error: unknown) => error);
    expect(isClientError(gone, 'not-found')).toBe(true);
    expect(await orca(['token', 'revoke', token.id])).toMatchObject({
      exitCode: 1,
      failure: `error: join token ${token.id} not found (\`orca token list\` shows the tokens)`,
    });
  });

  it('answers can-i for the admin: yes, exit code 0', async () => {
    expect(await orca(['auth', 'can-i', 'create', 'deployments', '-n', 'prod'])).toMatchObject({
      output: 'yes\n',
      exitCode: 0,
    });
    expect(await orca(['auth', 'can-i', 'delete', 'nodes'])).toMatchObject({ output: 'yes\n', exitCode: 0 });
    const whoami = await orca(['auth', 'whoami']);
    expect(whoami.output).toMatch(/^Username\s+admin$/m);
    expect(whoami.output).toMatch(/^Groups\s+\[.*system:masters.*\]$/m);
  });

  it("answers for a user bound to view in prod only, through a context of the user's own", async () => {
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'prod' },
    } as ObjectOfKind<'Namespace'>);
    await admin.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'devs-view', namespace: 'prod' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }],
    } as unknown as ObjectOfKind<'RoleBinding'>);
    const dev = await master.security!.issueClientIdentity('dev', ['devs']);
    writeFileSync(join(folder, 'dev.crt'), dev.certificatePem);
    writeFileSync(join(folder, 'dev.key'), dev.keyPem);
    const files = ['--client-certificate', join(folder, 'dev.crt'), '--client-key', join(folder, 'dev.key')];
    expect((await orca(['config', 'set-credentials', 'dev', ...files])).exitCode).toBe(0);
    expect(
      (await orca(['config', 'set-context', 'dev', '--cluster', 'orca', '--user', 'dev', '--namespace', 'prod']))
        .exitCode,
    ).toBe(0);

    // The context's namespace (prod) is the default; -n names it outright.
    const secrets = await orca(['--context', 'dev', 'auth', 'can-i', 'get', 'secrets']);
    expect(secrets).toMatchObject({ output: 'no\n', exitCode: 1 });
    expect(secrets.failure).toBe('error: user "dev" cannot get secrets in namespace "prod"');
    expect(await orca(['--context', 'dev', 'auth', 'can-i', 'list', 'pods', '-n', 'prod'])).toMatchObject({
      output: 'yes\n',
      exitCode: 0,
    });
    expect(await orca(['--context', 'dev', 'auth', 'can-i', 'list', 'pods', '-n', 'default'])).toMatchObject({
      output: 'no\n',
      exitCode: 1,
    });
    const whoami = await orca(['--context', 'dev', 'auth', 'whoami']);
    expect(whoami.output).toMatch(/^Username\s+dev$/m);
    expect(whoami.output).toMatch(/^Groups\s+\[.*devs.*\]$/m);

    // What the cluster refuses reads as one line, and makes nothing.
    const listing = await orca(['--context', 'dev', 'get', 'secrets']);
    expect(listing.exitCode).toBe(1);
    expect(listing.failure).toBe('error: forbidden: user "dev" cannot list secrets in namespace "prod"');
    const token = await orca(['--context', 'dev', 'token', 'create']);
    expect(token.failure).toMatch(/^error: forbidden: /);
    expect(token.output).toBe('');
  });

  it('refuses a token the cluster does not know as unauthenticated, in one line', async () => {
    const run = await orca(['--token', 'not-a-real-token', 'get', 'pods']);
    expect(run.exitCode).toBe(1);
    expect(run.failure).toMatch(/^error: unauthenticated: /);
    expect(run.failure).not.toContain('\n');
  });

  it('makes no join tokens for a context whose cluster has no CA', async () => {
    await orca(['config', 'set-cluster', 'plain', '--server', master.address]);
    await orca(['config', 'set-context', 'plain', '--cluster', 'plain']);
    expect(await orca(['--context', 'plain', 'token', 'create'])).toMatchObject({
      exitCode: 2,
      failure:
        "error: the current context's cluster has no CA (certificate-authority-data): an insecure cluster has no join tokens",
    });
  });
});
