import { describe, expect, it } from 'vitest';
import { serviceChainName } from './chain-names.js';
import { shardOf, shardsMax } from './proxy-tables.js';
import { ProxyRuleSet } from './rule-set.js';
import { buildServiceModel, type ServiceModel } from './service-model.js';
import { endpoints, service, testRuleOptions, webEndpoints, webService } from './test-fixtures.js';

function model(name: string, clusterIp: string, ready: readonly string[]): ServiceModel {
  const built = buildServiceModel(
    service(name, { clusterIp, ports: [{ name: 'http', port: 80 }] }),
    endpoints(name, [{ ready, ports: [{ name: 'http', port: 8080 }] }]),
    testRuleOptions,
  );
  if (built === undefined) throw new Error('expected a model');
  return built;
}

const lines = (script: string): string[] => script.split('\n').filter((line) => line !== '');

describe('ProxyRuleSet', () => {
  it('a full script replaces every table in one go: create, delete (any shard count), recreate, then fill', () => {
    const rules = new ProxyRuleSet('t', 1);
    const web = buildServiceModel(webService(), webEndpoints(['10.244.1.5']), testRuleOptions);
    rules.update('default/web', web);
    const script = lines(rules.renderFull());
    expect(script.slice(0, 4)).toEqual([
      'add table ip t',
      'delete table ip t',
      'add table ip t-0',
      'delete table ip t-0',
    ]);
    expect(script).toContain(`delete table ip t-${shardsMax - 1}`);
    expect(
      script.filter((line) => line.startsWith('add table') && !script.includes(line.replace('add', 'delete'))),
    ).toEqual([]);
    const recreate = script.indexOf(`delete table ip t-${shardsMax - 1}`) + 1;
    expect(script.slice(recreate, recreate + 2)).toEqual(['add table ip t', 'add table ip t-0']);
    expect(script).toContain(
      'add chain ip t-0 nat-prerouting { type nat hook prerouting priority dstnat; policy accept; }',
    );
    expect(script).toContain('add chain ip t-0 nat-output { type nat hook output priority -100; policy accept; }');
    expect(script).toContain(
      'add chain ip t nat-postrouting { type nat hook postrouting priority srcnat; policy accept; }',
    );
    expect(script).toContain('add rule ip t-0 services ip daddr . meta l4proto . th dport vmap @service-ips');
    expect(script).toContain(
      'add rule ip t-0 services fib daddr type local meta l4proto . th dport vmap @service-nodeports',
    );
    expect(script).toContain('add rule ip t reject-chain meta l4proto tcp reject with tcp reset');
    const chain = serviceChainName('service', { namespace: 'default', name: 'web', protocol: 'tcp', portName: 'http' });
    // a chain exists before any rule or element points at it
    expect(script.indexOf(`add chain ip t-0 ${chain}`)).toBeLessThan(
      script.findIndex((line) => line.includes(`goto ${chain}`)),
    );
    expect(script[script.length - 1]).toBe(`add element ip t-0 service-ips { 10.96.0.10 . tcp . 80 : goto ${chain} }`);
    expect(rules.renderIncremental()).toBe('');
  });

  it('puts each Service in its own shard and touches only that shard when its endpoints change', () => {
    const rules = new ProxyRuleSet('t', 8);
    const names = Array.from({ length: 40 }, (_, index) => `s${index}`);
    names.forEach((name, index) =>
      rules.update(`default/${name}`, model(name, `10.96.0.${index + 1}`, ['10.244.1.1'])),
    );
    const full = lines(rules.renderFull());
    const used = new Set(names.map((name) => shardOf(`default/${name}`, 8)));
    expect(used.size).toBeGreaterThan(4);
    for (const name of names) {
      const table = `ip t-${shardOf(`default/${name}`, 8)}`;
      const chain = [...model(name, '10.96.0.1', ['10.244.1.1']).chains.keys()][0] ?? '';
      expect(rules.tableOf(`default/${name}`)).toBe(table);
      expect(full).toContain(`add chain ${table} ${chain}`);
    }
    rules.update('default/s7', model('s7', '10.96.0.8', ['10.244.1.2']));
    const change = lines(rules.renderIncremental());
    expect(change.length).toBeGreaterThan(0);
    expect(change.every((line) => line.includes(` ip t-${shardOf('default/s7', 8)} `))).toBe(true);
    // losing every endpoint: the dispatch element leaves the shard, the reject verdict goes to the base table
    rules.update('default/s7', model('s7', '10.96.0.8', []));
    const emptied = lines(rules.renderIncremental());
    expect(emptied).toContain(`delete element ip t-${shardOf('default/s7', 8)} service-ips { 10.96.0.8 . tcp . 80 }`);
    expect(emptied[emptied.length - 1]).toBe(
      'add element ip t no-endpoint-services { 10.96.0.8 . tcp . 80 : goto reject-chain }',
    );
  });

  it("a conflict across shards is programmed once, in the winner's shard, and moves when the winner goes", () => {
    const rules = new ProxyRuleSet('t', 64);
    // find two names in different shards
    const other =
      Array.from({ length: 50 }, (_, index) => `b${index}`).find(
        (name) => shardOf(`default/${name}`, 64) !== shardOf('default/a', 64),
      ) ?? '';
    const first = model('a', '10.96.0.10', ['10.244.1.1']);
    const second = model(other, '10.96.0.10', ['10.244.2.2']);
    rules.update('default/a', first);
    rules.update(`default/${other}`, second);
    const script = rules.renderFull();
    expect(script.match(/10\.96\.0\.10 \. tcp \. 80 :/g)).toHaveLength(1);
    expect(script).toContain(
      `add element ip t-${shardOf('default/a', 64)} service-ips { 10.96.0.10 . tcp . 80 : goto ${[...first.chains.keys()][0]} }`,
    );
    rules.update('default/a', undefined);
    const handover = lines(rules.renderIncremental());
    expect(handover).toContain(`delete element ip t-${shardOf('default/a', 64)} service-ips { 10.96.0.10 . tcp . 80 }`);
    expect(handover[handover.length - 1]).toBe(
      `add element ip t-${shardOf(`default/${other}`, 64)} service-ips { 10.96.0.10 . tcp . 80 : goto ${[...second.chains.keys()][0]} }`,
    );
  });

  it('two Services claiming one ClusterIP·port: the first by key wins until it goes', () => {
    const rules = new ProxyRuleSet('t', 1);
    const first = model('a', '10.96.0.10', ['10.244.1.1']);
    const second = model('b', '10.96.0.10', ['10.244.2.2']);
    rules.update('default/b', second);
    rules.update('default/a', first);
    const script = rules.renderFull();
    expect(script).toContain(`10.96.0.10 . tcp . 80 : goto ${[...first.chains.keys()][0]}`);
    expect(script).not.toContain(`10.96.0.10 . tcp . 80 : goto ${[...second.chains.keys()][0]}`);
    expect(rules.conflicts()).toEqual([
      { element: 'service-ips 10.96.0.10 . tcp . 80', services: ['default/a', 'default/b'] },
    ]);

    rules.update('default/a', undefined);
    const handover = lines(rules.renderIncremental());
    expect(handover).toContain('delete element ip t-0 service-ips { 10.96.0.10 . tcp . 80 }');
    expect(handover[handover.length - 1]).toBe(
      `add element ip t-0 service-ips { 10.96.0.10 . tcp . 80 : goto ${[...second.chains.keys()][0]} }`,
    );
    expect(rules.conflicts()).toEqual([]);
  });

  it('a Service removed and re-added before the next script leaves no trace', () => {
    const rules = new ProxyRuleSet('t', 1);
    const web = model('web', '10.96.0.10', ['10.244.1.1']);
    rules.update('default/web', web);
    rules.renderFull();
    rules.update('default/web', undefined);
    rules.update('default/web', model('web', '10.96.0.10', ['10.244.1.1']));
    expect(rules.renderIncremental()).toBe('');
  });

  it('orders an incremental script so nothing is used before it exists or deleted while used', () => {
    const rules = new ProxyRuleSet('t', 1);
    rules.update('default/a', model('a', '10.96.0.10', []));
    rules.renderFull();
    rules.update('default/a', model('a', '10.96.0.10', ['10.244.1.1']));
    rules.update('default/b', model('b', '10.96.0.11', ['10.244.2.2']));
    const script = lines(rules.renderIncremental());
    expect(script[0]).toBe('delete element ip t no-endpoint-services { 10.96.0.10 . tcp . 80 }');
    const firstAddChain = script.findIndex((line) => line.startsWith('add chain'));
    const firstRule = script.findIndex((line) => line.startsWith('add rule'));
    const addElements = script.findIndex((line) => line.startsWith('add element'));
    expect(firstAddChain).toBeLessThan(firstRule);
    expect(firstRule).toBeLessThan(addElements);
    expect(script[addElements]).toMatch(
      /^add element ip t-0 service-ips \{ 10\.96\.0\.10 \. tcp \. 80 : goto service-\S+, 10\.96\.0\.11 \. tcp \. 80 : goto service-\S+ \}$/,
    );
  });
});
