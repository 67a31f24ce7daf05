/**
 * Every kind of script the core renders, checked by the real nft (`nft -c`,
 * which validates against the kernel without committing) and then applied, in
 * a scratch network namespace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoints, Service } from '../../api/index.js';
import { NftCommandExecutor } from './nft-executor.js';
import { isNetworkError } from '../network-error.js';
import { shardOf, shardTableName } from './proxy-tables.js';
import { buildProxyModel, renderDeleteTables, renderFullSync, renderIncremental } from './render-script.js';
import { canUseNetns, createNetns, deleteNetns, mustRun } from './scratch-netns.js';
import type { ServiceModel } from './service-model.js';
import { endpoints, service, testRuleOptions, webEndpoints, webService } from './test-fixtures.js';

const environment = await canUseNetns();
if (!environment.ok) console.log(`nft check tests skipped: ${environment.reason}`);

const netns = `orca-nftc-${process.pid}`;
const table = testRuleOptions.tableName;
const local = { ip: '10.244.1.5', nodeName: 'node-a' };

/** One cluster state per kind of Service the table tests cover. */
function cluster(variant: 'before' | 'after'): { services: Service[]; endpoints: Endpoints[] } {
  const after = variant === 'after';
  let next = 0;
  const named = (name: string, spec: Parameters<typeof webService>[0], status?: Service['status']): Service => {
    next += 1;
    const base = webService({ clusterIp: `10.96.1.${next}`, ...spec }, status);
    return { ...base, metadata: { namespace: 'default', name } };
  };
  const eps = (
    name: string,
    ready: Parameters<typeof webEndpoints>[0],
    notReady: Parameters<typeof webEndpoints>[1] = [],
  ): Endpoints => ({
    ...webEndpoints(ready, notReady),
    metadata: { namespace: 'default', name },
  });
  const services = [
    named('plain', {}),
    named('noeps', { type: 'NodePort' }),
    named('nodeport', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30081 }] }),
    named(
      'etplocal',
      {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        externalIps: ['203.0.113.9'],
        ports: [{ name: 'http', port: 80, nodePort: 30082 }],
      },
      { loadBalancer: { ingress: [{ ip: '198.51.100.3' }] } },
    ),
    named('itplocal', { internalTrafficPolicy: 'Local' }),
    named('sticky', {
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIp: { timeoutSeconds: after ? 60 : 600 } },
    }),
    named('headless', { clusterIp: 'None' }),
    service('dns', {
      clusterIp: '10.96.0.53',
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53 },
        { name: 'sig', protocol: 'SCTP', port: 9 },
      ],
    }),
  ];
  return {
    services: after ? services.filter((entry) => entry.metadata?.name !== 'plain') : services,
    endpoints: [
      eps('plain', ['10.244.2.7', '10.244.2.8'], ['10.244.2.9']),
      eps('nodeport', after ? ['10.244.2.7'] : ['10.244.2.7', '10.244.3.3']),
      eps('etplocal', after ? ['10.244.2.7'] : [local, '10.244.2.7']),
      eps('itplocal', [local, '10.244.2.7']),
      eps('sticky', ['10.244.2.7', '10.244.3.3']),
      eps('headless', ['10.244.2.7']),
      endpoints('dns', [
        {
          ready: ['10.244.4.4'],
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP' },
            { name: 'sig', port: 9, protocol: 'SCTP' },
          ],
        },
      ]),
    ],
  };
}

function models(variant: 'before' | 'after'): Map<string, ServiceModel> {
  const state = cluster(variant);
  const find = (namespace: string, name: string): Endpoints | undefined =>
    state.endpoints.find((entry) => entry.metadata?.namespace === namespace && entry.metadata.name === name);
  return buildProxyModel(state.services, find, testRuleOptions);
}

describe.skipIf(!environment.ok)('rendered scripts against the real nft', () => {
  const check = new NftCommandExecutor({ netns, check: true });
  const apply = new NftCommandExecutor({ netns });
  // only our tables live in the scratch namespace: the ruleset is the base table and its shards
  const listTables = (): Promise<string> => mustRun('ip', ['netns', 'exec', netns, 'nft', 'list', 'ruleset']);

  beforeAll(async () => {
    await deleteNetns(netns);
    await createNetns(netns);
  });
  afterAll(async () => {
    await deleteNetns(netns);
  });

  it('the full script is valid when the table is absent, and when it exists', async () => {
    const full = renderFullSync(table, models('before'));
    await check.run(full);
    await apply.run(full);
    await check.run(full);
    await apply.run(full);
    const listed = await listTables();
    expect(listed).toContain('dnat to 10.244.2.8:8080');
    // a Service's chains and its dispatch element sit in its shard; the no-endpoint verdicts in the base table
    const plainShard = await mustRun('ip', [
      'netns',
      'exec',
      netns,
      'nft',
      'list',
      'table',
      'ip',
      shardTableName(table, shardOf('default/plain', 16)),
    ]);
    expect(plainShard).toContain('dnat to 10.244.2.8:8080');
    expect(plainShard).toMatch(/10\.96\.1\.1 \. tcp \. 80 : goto service-/);
    const base = await mustRun('ip', ['netns', 'exec', netns, 'nft', 'list', 'table', 'ip', table]);
    expect(base).toMatch(/10\.96\.1\.2 \. tcp \. 80 : goto reject-chain/);
    expect(base).not.toContain('dnat');
    expect(listed).not.toContain('10.244.2.9');
    expect(listed).toMatch(/set affinity-\S+ \{\s+type ipv4_addr\s+size 65535\s+flags dynamic,timeout\s+timeout 10m/);
  });

  it('the incremental scripts both ways are valid and leave the same table a full sync would', async () => {
    const before = models('before');
    const after = models('after');
    await apply.run(renderFullSync(table, before));
    const forward = renderIncremental(table, before, after);
    expect(forward).not.toBe('');
    await check.run(forward);
    await apply.run(forward);
    const incrementally = await listTables();
    await apply.run(renderFullSync(table, after));
    expect(normalize(incrementally)).toEqual(normalize(await listTables()));
    const backward = renderIncremental(table, after, before);
    await check.run(backward);
    await apply.run(backward);
    expect(await listTables()).toContain('dnat to 10.244.2.8:8080');
  });

  it('a full sync with another shard count replaces every stale shard', async () => {
    await apply.run(renderFullSync(table, models('before'), 40));
    expect(await mustRun('ip', ['netns', 'exec', netns, 'nft', 'list', 'tables'])).toContain(`table ip ${table}-39`);
    await apply.run(renderFullSync(table, models('before'), 3));
    const tables = (await mustRun('ip', ['netns', 'exec', netns, 'nft', 'list', 'tables'])).trim().split('\n').sort();
    expect(tables).toEqual([`table ip ${table}`, `table ip ${table}-0`, `table ip ${table}-1`, `table ip ${table}-2`]);
  });

  it('deleting works whether or not the tables exist', async () => {
    await apply.run(renderDeleteTables(table));
    await apply.run(renderDeleteTables(table));
    const tables = await mustRun('ip', ['netns', 'exec', netns, 'nft', 'list', 'tables']);
    expect(tables).not.toContain(table);
  });

  it('a rejected script fails with code nft and nft’s stderr', async () => {
    const error = await apply
      .run('add rule ip no-such-table no-such-chain counter\n')
      .catch((caught: unknown) => caught);
    expect(isNetworkError(error, 'nft')).toBe(true);
    expect(isNetworkError(error) ? error.stderr : '').toMatch(/No such file or directory/);
    const missing = await new NftCommandExecutor({ nftPath: '/nonexistent/nft' })
      .run('')
      .catch((caught: unknown) => caught);
    expect(isNetworkError(missing, 'nft')).toBe(true);
  });
});

/** Set element order and anonymous handles differ between equal tables; compare sorted lines. */
function normalize(listing: string): string[] {
  return listing
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => line !== '')
    .sort();
}
