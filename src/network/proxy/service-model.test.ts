import { describe, expect, it } from 'vitest';
import { affinitySetName, objectNameMax, serviceChainName } from './chain-names.js';
import { renderIncremental } from './render-script.js';
import { buildServiceModel, type ServiceModel } from './service-model.js';
import { endpoints, service, testRuleOptions, webEndpoints, webService } from './test-fixtures.js';

const id = { namespace: 'default', name: 'web', protocol: 'tcp', portName: 'http' };
const serviceChain = serviceChainName('service', id);
const localChain = serviceChainName('local', id);
const externalChain = serviceChainName('external', id);
const masqueradeOutsiders = 'ip daddr 10.96.0.10 ip saddr != 10.244.0.0/16 jump mark-for-masquerade';
const mark = 'meta mark set meta mark or 0x4000';

function model(...args: Parameters<typeof buildServiceModel>): ServiceModel {
  const built = buildServiceModel(...args);
  if (built === undefined) throw new Error('expected a model');
  return built;
}

/** The DNAT targets a chain can pick, in rule order. */
function targets(rules: readonly string[] | undefined): string[] {
  return (rules ?? [])
    .filter((rule) => rule.startsWith('ip saddr !=') && rule.includes('dnat to'))
    .map((rule) => rule.split('dnat to ')[1] ?? '');
}

describe('buildServiceModel', () => {
  it('ClusterIP with two ready and one not-ready endpoint balances over the two ready ones', () => {
    const built = model(webService(), webEndpoints(['10.244.1.5', '10.244.2.7'], ['10.244.3.9']), testRuleOptions);
    expect(built.elements).toEqual([
      { map: 'service-ips', key: '10.96.0.10 . tcp . 80', verdict: `goto ${serviceChain}` },
    ]);
    expect([...built.chains.keys()]).toEqual([serviceChain]);
    expect(built.chains.get(serviceChain)).toEqual([
      masqueradeOutsiders,
      `ip saddr 10.244.1.5 meta l4proto tcp numgen random mod 2 == 0 ${mark} dnat to 10.244.1.5:8080`,
      'ip saddr != 10.244.1.5 meta l4proto tcp numgen random mod 2 == 0 dnat to 10.244.1.5:8080',
      `ip saddr 10.244.2.7 meta l4proto tcp ${mark} dnat to 10.244.2.7:8080`,
      'ip saddr != 10.244.2.7 meta l4proto tcp dnat to 10.244.2.7:8080',
    ]);
    expect(built.sets.size).toBe(0);
  });

  it('resolves a named target port per subset by the Service port name', () => {
    const web = service('web', {
      clusterIp: '10.96.0.10',
      ports: [{ name: 'http', port: 80, targetPort: { strVal: 'web' } }],
    });
    const subsets = endpoints('web', [
      {
        ready: ['10.244.1.5'],
        ports: [
          { name: 'http', port: 8080 },
          { name: 'metrics', port: 9090 },
        ],
      },
      { ready: ['10.244.2.7'], ports: [{ name: 'http', port: 8081 }] },
      { ready: ['10.244.3.3'], ports: [{ name: 'other', port: 7070 }] },
    ]);
    expect(targets(model(web, subsets, testRuleOptions).chains.get(serviceChain))).toEqual([
      '10.244.1.5:8080',
      '10.244.2.7:8081',
    ]);
  });

  it('matches an unnamed single-port Service to the unnamed endpoint port', () => {
    const web = service('web', { clusterIp: '10.96.0.10', ports: [{ port: 80, targetPort: { intVal: 8080 } }] });
    const built = model(web, endpoints('web', [{ ready: ['10.244.1.5'], ports: [{ port: 8080 }] }]), testRuleOptions);
    const chain = serviceChainName('service', { ...id, portName: 'p80' });
    expect(targets(built.chains.get(chain))).toEqual(['10.244.1.5:8080']);
  });

  it('rejects when no endpoint is ready, for the ClusterIP and the NodePort', () => {
    const built = model(webService({ type: 'NodePort' }), webEndpoints([], ['10.244.3.9']), testRuleOptions);
    expect(built.chains.size).toBe(0);
    expect(built.elements).toEqual([
      { map: 'no-endpoint-services', key: '10.96.0.10 . tcp . 80', verdict: 'goto reject-chain' },
      { map: 'no-endpoint-nodeports', key: 'tcp . 30080', verdict: 'goto reject-chain' },
    ]);
    expect(model(webService(), undefined, testRuleOptions).elements[0]?.verdict).toBe('goto reject-chain');
  });

  it('NodePort goes through an external chain that masquerades, then the service chain', () => {
    const built = model(webService({ type: 'NodePort' }), webEndpoints(['10.244.1.5']), testRuleOptions);
    expect(built.elements).toContainEqual({
      map: 'service-nodeports',
      key: 'tcp . 30080',
      verdict: `goto ${externalChain}`,
    });
    expect(built.chains.get(externalChain)).toEqual(['jump mark-for-masquerade', `goto ${serviceChain}`]);
  });

  it('LoadBalancer ingress IPs and externalIPs are external destinations on the service port', () => {
    const built = model(
      webService(
        { type: 'LoadBalancer', externalIps: ['203.0.113.7'] },
        { loadBalancer: { ingress: [{ ip: '198.51.100.2' }, { hostname: 'lb.example' }] } },
      ),
      webEndpoints(['10.244.1.5']),
      testRuleOptions,
    );
    expect(
      built.elements.filter((element) => element.verdict === `goto ${externalChain}`).map((element) => element.key),
    ).toEqual(['198.51.100.2 . tcp . 80', '203.0.113.7 . tcp . 80', 'tcp . 30080']);
  });

  it('externalTrafficPolicy Local: outside traffic only to local endpoints, unmasqueraded; none local → drop', () => {
    const spec = { type: 'NodePort', externalTrafficPolicy: 'Local' } as const;
    const built = model(
      webService(spec),
      webEndpoints([{ ip: '10.244.1.5', nodeName: 'node-a' }, '10.244.2.7']),
      testRuleOptions,
    );
    expect(built.chains.get(externalChain)).toEqual([
      `ip saddr 10.244.0.0/16 goto ${serviceChain}`,
      'fib saddr type local jump mark-for-masquerade',
      `fib saddr type local goto ${serviceChain}`,
      `goto ${localChain}`,
    ]);
    expect(targets(built.chains.get(localChain))).toEqual(['10.244.1.5:8080']);
    expect(targets(built.chains.get(serviceChain))).toEqual(['10.244.1.5:8080', '10.244.2.7:8080']);

    const noneLocal = model(webService(spec), webEndpoints(['10.244.2.7']), testRuleOptions);
    expect(noneLocal.elements).toEqual([
      { map: 'service-ips', key: '10.96.0.10 . tcp . 80', verdict: `goto ${serviceChain}` },
      { map: 'no-endpoint-nodeports', key: 'tcp . 30080', verdict: 'drop' },
    ]);
  });

  it('internalTrafficPolicy Local: ClusterIP traffic only to local endpoints; none local → drop', () => {
    const built = model(
      webService({ internalTrafficPolicy: 'Local' }),
      webEndpoints([{ ip: '10.244.1.5', nodeName: 'node-a' }, '10.244.2.7']),
      testRuleOptions,
    );
    expect(built.elements).toEqual([
      { map: 'service-ips', key: '10.96.0.10 . tcp . 80', verdict: `goto ${localChain}` },
    ]);
    expect(targets(built.chains.get(localChain))).toEqual(['10.244.1.5:8080']);
    const noneLocal = model(
      webService({ internalTrafficPolicy: 'Local' }),
      webEndpoints(['10.244.2.7']),
      testRuleOptions,
    );
    expect(noneLocal.elements).toEqual([
      { map: 'no-endpoint-services', key: '10.96.0.10 . tcp . 80', verdict: 'drop' },
    ]);
  });

  it('ClientIP affinity: a known client goes back to its endpoint, every pick is remembered', () => {
    const web = webService({
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIp: { timeoutSeconds: 600 } },
    });
    const built = model(web, webEndpoints(['10.244.1.5', '10.244.2.7']), testRuleOptions);
    const first = affinitySetName(id, '10.244.1.5', 8080, 600);
    const second = affinitySetName(id, '10.244.2.7', 8080, 600);
    expect([...built.sets]).toEqual([
      [first, 600],
      [second, 600],
    ]);
    const rules = built.chains.get(serviceChain) ?? [];
    expect(rules.slice(1, 3)).toEqual([
      `ip saddr 10.244.1.5 meta l4proto tcp ip saddr @${first} ${mark} update @${first} { ip saddr } dnat to 10.244.1.5:8080`,
      `ip saddr != 10.244.1.5 meta l4proto tcp ip saddr @${first} update @${first} { ip saddr } dnat to 10.244.1.5:8080`,
    ]);
    expect(rules[5]).toBe(
      `ip saddr 10.244.1.5 meta l4proto tcp numgen random mod 2 == 0 ${mark} update @${first} { ip saddr } dnat to 10.244.1.5:8080`,
    );
    // the default timeout is Kubernetes' three hours
    const defaults = model(webService({ sessionAffinity: 'ClientIP' }), webEndpoints(['10.244.1.5']), testRuleOptions);
    expect([...defaults.sets.values()]).toEqual([10_800]);
  });

  it('headless and ExternalName Services need no rules', () => {
    expect(
      buildServiceModel(webService({ clusterIp: 'None' }), webEndpoints(['10.244.1.5']), testRuleOptions),
    ).toBeUndefined();
    expect(
      buildServiceModel(
        webService({ type: 'ExternalName', externalName: 'db.example', clusterIp: '' }),
        undefined,
        testRuleOptions,
      ),
    ).toBeUndefined();
    expect(
      buildServiceModel(webService({ clusterIp: '' }), webEndpoints(['10.244.1.5']), testRuleOptions),
    ).toBeUndefined();
  });

  it('UDP and SCTP ports get their own keys and DNAT protocol', () => {
    const dns = service('dns', {
      clusterIp: '10.96.0.53',
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53 },
        { name: 'sig', protocol: 'SCTP', port: 9 },
      ],
    });
    const built = model(
      dns,
      endpoints('dns', [{ ready: ['10.244.1.2'], ports: [{ name: 'dns', port: 5353, protocol: 'UDP' }] }]),
      testRuleOptions,
    );
    expect(built.elements.map((element) => `${element.map} ${element.key}`)).toEqual([
      'service-ips 10.96.0.53 . udp . 53',
      'no-endpoint-services 10.96.0.53 . sctp . 9',
    ]);
    const chain = built.chains.get(
      serviceChainName('service', { namespace: 'default', name: 'dns', protocol: 'udp', portName: 'dns' }),
    );
    expect(chain?.[2]).toBe('ip saddr != 10.244.1.2 meta l4proto udp dnat to 10.244.1.2:5353');
  });

  it('never lets a malformed field into a rule', () => {
    expect(
      buildServiceModel(webService({ clusterIp: '10.96.0.10; flush ruleset' }), undefined, testRuleOptions),
    ).toBeUndefined();
    const built = model(
      webService({
        ports: [
          { name: 'http', protocol: 'ICMP', port: 80 },
          { name: 'big', port: 70_000 },
        ],
      }),
      webEndpoints(['10.244.1.5 ; drop', 'fd00::1']),
      testRuleOptions,
    );
    expect(built.elements).toEqual([]);
    expect(built.warnings.length).toBe(2);
    const odd = model(
      webService(),
      endpoints('web', [
        { ready: ['10.244.1.5 } ; flush ruleset', '10.244.1.6'], ports: [{ name: 'http', port: 8080 }] },
      ]),
      testRuleOptions,
    );
    expect(targets(odd.chains.get(serviceChain))).toEqual(['10.244.1.6:8080']);
  });

  it('keeps at most endpointsPerServicePortMax endpoints and says so', () => {
    const ready = Array.from({ length: 5 }, (_, index) => `10.244.1.${index + 1}`);
    const built = model(webService(), webEndpoints(ready), { ...testRuleOptions, endpointsPerServicePortMax: 3 });
    expect(targets(built.chains.get(serviceChain))).toEqual(['10.244.1.1:8080', '10.244.1.2:8080', '10.244.1.3:8080']);
    expect(built.warnings).toHaveLength(1);
  });

  it('names chains stably, uniquely and within the nft limit', () => {
    const long = 'a'.repeat(63);
    const name = serviceChainName('service', {
      namespace: long,
      name: long,
      protocol: 'sctp',
      portName: 'p'.repeat(15),
    });
    expect(name.length).toBeLessThanOrEqual(objectNameMax);
    expect(name).toMatch(/^service-[A-Z2-7]{8}-a+\/a+/);
    expect(serviceChainName('service', id)).toBe(serviceChain);
    expect(serviceChainName('service', { ...id, portName: 'https' })).not.toBe(serviceChain);
    expect(affinitySetName(id, '10.0.0.1', 80, 600)).not.toBe(affinitySetName(id, '10.0.0.1', 80, 601));
  });
});

describe('renderIncremental', () => {
  it('removing one endpoint only rewrites that Service’s chain', () => {
    const other = service('api', { clusterIp: '10.96.0.20', ports: [{ name: 'http', port: 80 }] });
    const otherEndpoints = endpoints('api', [{ ready: ['10.244.5.5'], ports: [{ name: 'http', port: 80 }] }]);
    const before = new Map([
      ['default/web', model(webService(), webEndpoints(['10.244.1.5', '10.244.2.7']), testRuleOptions)],
      ['default/api', model(other, otherEndpoints, testRuleOptions)],
    ]);
    const after = new Map(before);
    after.set('default/web', model(webService(), webEndpoints(['10.244.2.7']), testRuleOptions));
    const script = renderIncremental('orca-proxy-test', before, after, 1);
    expect(script.split('\n').filter((line) => line !== '')).toEqual([
      `flush chain ip orca-proxy-test-0 ${serviceChain}`,
      `add rule ip orca-proxy-test-0 ${serviceChain} ${masqueradeOutsiders}`,
      `add rule ip orca-proxy-test-0 ${serviceChain} ip saddr 10.244.2.7 meta l4proto tcp ${mark} dnat to 10.244.2.7:8080`,
      `add rule ip orca-proxy-test-0 ${serviceChain} ip saddr != 10.244.2.7 meta l4proto tcp dnat to 10.244.2.7:8080`,
    ]);
    expect(renderIncremental('orca-proxy-test', before, new Map(before))).toBe('');
  });

  it('losing the last endpoint swaps the map element for a reject and deletes the chain', () => {
    const before = new Map([['default/web', model(webService(), webEndpoints(['10.244.1.5']), testRuleOptions)]]);
    const after = new Map([['default/web', model(webService(), webEndpoints([]), testRuleOptions)]]);
    expect(
      renderIncremental('t', before, after, 1)
        .split('\n')
        .filter((line) => line !== ''),
    ).toEqual([
      'delete element ip t-0 service-ips { 10.96.0.10 . tcp . 80 }',
      `flush chain ip t-0 ${serviceChain}`,
      `delete chain ip t-0 ${serviceChain}`,
      'add element ip t no-endpoint-services { 10.96.0.10 . tcp . 80 : goto reject-chain }',
    ]);
  });
});
