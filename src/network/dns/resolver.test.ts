import type { Answer } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { MemoryNetworkSource } from '../network-source.js';
import { resolverDefaults, type ResolverConfig } from './dns-config.js';
import { DnsIndex } from './dns-index.js';
import type { Resolution } from './records.js';
import { resolve } from './resolver.js';
import { clusterSource, endpoints, service } from './test-fixtures.js';

const config: ResolverConfig = { ...resolverDefaults, nameserverAddress: '10.96.0.10' };

/** One line per record: `owner TYPE data`, the way dig prints them (without TTL and class). */
function render(record: Answer): string {
  if (record.type === 'SRV')
    return `${record.name} SRV ${record.data.priority} ${record.data.weight} ${record.data.port} ${record.data.target}`;
  if (record.type === 'SOA') return `${record.name} SOA ${record.data.mname} ${record.data.rname}`;
  if (record.type === 'TXT') return `${record.name} TXT ${String(record.data)}`;
  if (record.type === 'OPT') return 'OPT';
  return `${record.name} ${record.type} ${String(record.data)}`;
}

function ask(name: string, type = 'A', lookup = new DnsIndex(clusterSource())): Resolution {
  return resolve({ name, type, class: 'IN' }, lookup, config);
}

type Summary = 'forward' | { rcode: string; answers: string[]; authorities: string[]; additionals: string[] };

function summary(resolution: Resolution): Summary {
  if (resolution.kind === 'forward') return 'forward';
  return {
    rcode: resolution.rcode,
    answers: resolution.answers.map(render),
    authorities: resolution.authorities.map(render),
    additionals: resolution.additionals.map(render),
  };
}

const soa = ['cluster.local SOA ns.dns.cluster.local hostmaster.cluster.local'];
const noData: Summary = { rcode: 'NOERROR', answers: [], authorities: soa, additionals: [] };
const nxDomain: Summary = { rcode: 'NXDOMAIN', answers: [], authorities: soa, additionals: [] };

function yes(answers: string[], additionals: string[] = []): Summary {
  return { rcode: 'NOERROR', answers, authorities: [], additionals };
}

describe('resolve', () => {
  const cases: [string, string, Summary][] = [
    // ClusterIP services
    ['web.default.svc.cluster.local', 'A', yes(['web.default.svc.cluster.local A 10.96.0.20'])],
    ['WEB.Default.SVC.cluster.local.', 'A', yes(['web.default.svc.cluster.local A 10.96.0.20'])],
    ['web.default.svc.cluster.local', 'AAAA', noData],
    ['web.default.svc.cluster.local', 'TXT', noData],
    ['dual.other.svc.cluster.local', 'AAAA', yes(['dual.other.svc.cluster.local AAAA fd00::30'])],
    ['pending.default.svc.cluster.local', 'A', noData],
    ['missing.default.svc.cluster.local', 'A', nxDomain],
    ['x.web.default.svc.cluster.local', 'A', nxDomain],
    // SRV for named ports, and on the bare name
    [
      '_http._tcp.web.default.svc.cluster.local',
      'SRV',
      yes(
        ['_http._tcp.web.default.svc.cluster.local SRV 0 100 80 web.default.svc.cluster.local'],
        ['web.default.svc.cluster.local A 10.96.0.20'],
      ),
    ],
    [
      '_dns._udp.web.default.svc.cluster.local',
      'SRV',
      yes(
        ['_dns._udp.web.default.svc.cluster.local SRV 0 100 53 web.default.svc.cluster.local'],
        ['web.default.svc.cluster.local A 10.96.0.20'],
      ),
    ],
    ['_dns._tcp.web.default.svc.cluster.local', 'SRV', nxDomain],
    ['_http._tcp.web.default.svc.cluster.local', 'A', noData],
    ['_tcp.web.default.svc.cluster.local', 'A', noData],
    ['_sctp.web.default.svc.cluster.local', 'A', nxDomain],
    [
      'web.default.svc.cluster.local',
      'SRV',
      yes(
        [
          'web.default.svc.cluster.local SRV 0 50 80 web.default.svc.cluster.local',
          'web.default.svc.cluster.local SRV 0 50 53 web.default.svc.cluster.local',
        ],
        ['web.default.svc.cluster.local A 10.96.0.20'],
      ),
    ],
    // headless: ready endpoints only, by hostname, by dashed IP
    [
      'db.default.svc.cluster.local',
      'A',
      yes(['db.default.svc.cluster.local A 10.244.1.5', 'db.default.svc.cluster.local A 10.244.2.6']),
    ],
    ['db-1.db.default.svc.cluster.local', 'A', yes(['db-1.db.default.svc.cluster.local A 10.244.2.6'])],
    ['db-2.db.default.svc.cluster.local', 'A', nxDomain],
    ['10-244-1-5.db.default.svc.cluster.local', 'A', yes(['10-244-1-5.db.default.svc.cluster.local A 10.244.1.5'])],
    ['db-1.db.default.svc.cluster.local', 'AAAA', noData],
    [
      '_pg._tcp.db.default.svc.cluster.local',
      'SRV',
      yes(
        [
          '_pg._tcp.db.default.svc.cluster.local SRV 0 50 5432 db-0.db.default.svc.cluster.local',
          '_pg._tcp.db.default.svc.cluster.local SRV 0 50 5432 db-1.db.default.svc.cluster.local',
        ],
        ['db-0.db.default.svc.cluster.local A 10.244.1.5', 'db-1.db.default.svc.cluster.local A 10.244.2.6'],
      ),
    ],
    // publishNotReadyAddresses, and endpoints without hostnames (named by their dashed IP)
    [
      'plain.default.svc.cluster.local',
      'A',
      yes(['plain.default.svc.cluster.local A 10.244.1.9', 'plain.default.svc.cluster.local A 10.244.1.10']),
    ],
    [
      'plain.default.svc.cluster.local',
      'SRV',
      yes(
        [
          'plain.default.svc.cluster.local SRV 0 50 9000 10-244-1-9.plain.default.svc.cluster.local',
          'plain.default.svc.cluster.local SRV 0 50 9000 10-244-1-10.plain.default.svc.cluster.local',
        ],
        [
          '10-244-1-9.plain.default.svc.cluster.local A 10.244.1.9',
          '10-244-1-10.plain.default.svc.cluster.local A 10.244.1.10',
        ],
      ),
    ],
    ['lonely.default.svc.cluster.local', 'A', noData],
    ['_http._tcp.lonely.default.svc.cluster.local', 'SRV', noData],
    // ExternalName: a CNAME whatever the type
    ['ext.default.svc.cluster.local', 'A', yes(['ext.default.svc.cluster.local CNAME example.com'])],
    ['ext.default.svc.cluster.local', 'AAAA', yes(['ext.default.svc.cluster.local CNAME example.com'])],
    ['ext.default.svc.cluster.local', 'CNAME', yes(['ext.default.svc.cluster.local CNAME example.com'])],
    ['a.ext.default.svc.cluster.local', 'A', nxDomain],
    // pods insecure
    ['10-244-1-99.default.pod.cluster.local', 'A', yes(['10-244-1-99.default.pod.cluster.local A 10.244.1.99'])],
    ['10-244-1-99.anything.pod.cluster.local', 'A', yes(['10-244-1-99.anything.pod.cluster.local A 10.244.1.99'])],
    ['10-244-1-99.default.pod.cluster.local', 'AAAA', noData],
    ['fd00--1.default.pod.cluster.local', 'AAAA', yes(['fd00--1.default.pod.cluster.local AAAA fd00::1'])],
    ['not-an-ip.default.pod.cluster.local', 'A', nxDomain],
    ['10-244-1-300.default.pod.cluster.local', 'A', nxDomain],
    // the names above the records exist
    ['default.svc.cluster.local', 'A', noData],
    ['nowhere.svc.cluster.local', 'A', nxDomain],
    ['svc.cluster.local', 'A', noData],
    ['pod.cluster.local', 'A', noData],
    ['default.pod.cluster.local', 'A', noData],
    ['cluster.local', 'A', noData],
    ['cluster.local', 'SOA', yes(soa)],
    ['cluster.local', 'NS', yes(['cluster.local NS ns.dns.cluster.local'], ['ns.dns.cluster.local A 10.96.0.10'])],
    ['ns.dns.cluster.local', 'A', yes(['ns.dns.cluster.local A 10.96.0.10'])],
    ['dns-version.cluster.local', 'TXT', yes(['dns-version.cluster.local TXT 1.1.0'])],
    ['nothing.cluster.local', 'A', nxDomain],
    ['web.default.cluster.local', 'A', nxDomain],
    // search-path expansions of a name that is already complete
    ['web.default.svc.cluster.local.default.svc.cluster.local', 'A', nxDomain],
    // reverse: ClusterIP, headless endpoint, anything else upstream
    ['20.0.96.10.in-addr.arpa', 'PTR', yes(['20.0.96.10.in-addr.arpa PTR web.default.svc.cluster.local'])],
    ['6.2.244.10.in-addr.arpa', 'PTR', yes(['6.2.244.10.in-addr.arpa PTR db-1.db.default.svc.cluster.local'])],
    ['9.1.244.10.in-addr.arpa', 'PTR', yes(['9.1.244.10.in-addr.arpa PTR 10-244-1-9.plain.default.svc.cluster.local'])],
    [
      '0.3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa',
      'PTR',
      yes([
        '0.3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa PTR dual.other.svc.cluster.local',
      ]),
    ],
    ['7.3.244.10.in-addr.arpa', 'PTR', 'forward'],
    ['1.1.168.192.in-addr.arpa', 'PTR', 'forward'],
    ['20.0.96.10.in-addr.arpa', 'A', 'forward'],
    // outside the cluster domain
    ['example.com', 'A', 'forward'],
    ['local', 'A', 'forward'],
    ['evilcluster.local', 'A', 'forward'],
  ];

  it.each(cases)('%s %s', (name, type, expected) => {
    expect(summary(ask(name, type))).toEqual(expected);
  });

  it('caps the answer at answersMax records', () => {
    const resolution = ask('big.other.svc.cluster.local');
    expect(resolution.kind === 'answer' && resolution.answers.length).toBe(100);
    const srv = ask('big.other.svc.cluster.local', 'SRV');
    expect(srv.kind === 'answer' && [srv.answers.length, srv.additionals.length]).toEqual([100, 100]);
    // 100 records share the weight: 1 each
    expect(srv.kind === 'answer' && srv.answers[0]?.type === 'SRV' && srv.answers[0].data.weight).toBe(1);
  });

  it('answers SERVFAIL for cluster names until the cache is synced, and forwards the rest', () => {
    const lookup = new DnsIndex(new MemoryNetworkSource({ synced: false }));
    expect(summary(ask('web.default.svc.cluster.local', 'A', lookup))).toEqual({
      rcode: 'SERVFAIL',
      answers: [],
      authorities: [],
      additionals: [],
    });
    expect(ask('example.com', 'A', lookup)).toEqual({ kind: 'forward' });
  });

  it('refuses other classes inside the zone', () => {
    const resolution = resolve(
      { name: 'web.default.svc.cluster.local', type: 'A', class: 'CH' },
      new DnsIndex(clusterSource()),
      config,
    );
    expect(resolution.kind === 'answer' && resolution.rcode).toBe('REFUSED');
  });

  it('honours another cluster domain and the configured TTL', () => {
    const custom: ResolverConfig = { ...resolverDefaults, clusterDomain: 'corp.internal', ttlSeconds: 30 };
    const lookup = new DnsIndex(clusterSource());
    const resolution = resolve({ name: 'web.default.svc.corp.internal', type: 'A', class: 'IN' }, lookup, custom);
    expect(
      resolution.kind === 'answer' &&
        resolution.answers.map((record) => [render(record), 'ttl' in record && record.ttl]),
    ).toEqual([['web.default.svc.corp.internal A 10.96.0.20', 30]]);
    expect(resolve({ name: 'web.default.svc.cluster.local', type: 'A', class: 'IN' }, lookup, custom)).toEqual({
      kind: 'forward',
    });
  });
});

describe('DnsIndex', () => {
  it('follows changes: new, changed and removed Services and Endpoints', () => {
    const source = clusterSource();
    const lookup = new DnsIndex(source);
    const serialBefore = lookup.serial();
    source.put(service('fresh', 'api', { clusterIp: '10.96.0.40' }));
    expect(summary(ask('api.fresh.svc.cluster.local', 'A', lookup))).toEqual(
      yes(['api.fresh.svc.cluster.local A 10.96.0.40']),
    );
    expect(summary(ask('40.0.96.10.in-addr.arpa', 'PTR', lookup))).toEqual(
      yes(['40.0.96.10.in-addr.arpa PTR api.fresh.svc.cluster.local']),
    );
    expect(lookup.serial()).not.toBe(serialBefore);

    // db-0 moves to another address: the old reverse name is no longer ours
    source.put(
      endpoints('default', 'db', [
        { addresses: [{ ip: '10.244.9.9', hostname: 'db-0' }], ports: [{ name: 'pg', port: 5432 }] },
      ]),
    );
    expect(summary(ask('db-0.db.default.svc.cluster.local', 'A', lookup))).toEqual(
      yes(['db-0.db.default.svc.cluster.local A 10.244.9.9']),
    );
    expect(ask('5.1.244.10.in-addr.arpa', 'PTR', lookup)).toEqual({ kind: 'forward' });
    expect(summary(ask('9.9.244.10.in-addr.arpa', 'PTR', lookup))).toEqual(
      yes(['9.9.244.10.in-addr.arpa PTR db-0.db.default.svc.cluster.local']),
    );

    source.remove('Service', 'fresh', 'api');
    expect(summary(ask('api.fresh.svc.cluster.local', 'A', lookup))).toEqual(nxDomain);
    expect(summary(ask('fresh.svc.cluster.local', 'A', lookup))).toEqual(nxDomain);
    expect(ask('40.0.96.10.in-addr.arpa', 'PTR', lookup)).toEqual({ kind: 'forward' });
    lookup.close();
  });

  it('rebuilds when the source reports it is synced', () => {
    const source = new MemoryNetworkSource({ synced: false });
    const lookup = new DnsIndex(source);
    source.put(service('a', 'one', { clusterIp: '10.96.1.1' }));
    source.markSynced();
    expect(summary(ask('one.a.svc.cluster.local', 'A', lookup))).toEqual(yes(['one.a.svc.cluster.local A 10.96.1.1']));
    expect(lookup.hasNamespace('a')).toBe(true);
  });
});
