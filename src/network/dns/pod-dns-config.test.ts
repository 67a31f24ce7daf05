import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/index.js';
import { podDnsConfig, podDnsType, type PodDnsHost } from './pod-dns-config.js';

const host: PodDnsHost = {
  clusterDomain: 'cluster.local',
  nameserver: '10.96.0.10',
  hostSearches: ['corp.example', 'example'],
  hostNameservers: ['192.0.2.53', '192.0.2.54'],
  hostOptions: ['timeout:2', 'rotate'],
};

function pod(spec: NonNullable<Pod['spec']>, namespace = 'shop'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name: 'p' }, spec };
}

const clusterFirst = {
  servers: ['10.96.0.10'],
  searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example', 'example'],
  options: ['ndots:5'],
};
const hostDefault = {
  servers: ['192.0.2.53', '192.0.2.54'],
  searches: ['corp.example', 'example'],
  options: ['timeout:2', 'rotate'],
};

describe('podDnsConfig', () => {
  const cases: [string, Pod, PodDnsHost, ReturnType<typeof podDnsConfig>][] = [
    ['no policy is ClusterFirst', pod({}), host, clusterFirst],
    ['ClusterFirst', pod({ dnsPolicy: 'ClusterFirst' }), host, clusterFirst],
    [
      'ClusterFirst with hostNetwork acts as Default',
      pod({ dnsPolicy: 'ClusterFirst', hostNetwork: true }),
      host,
      hostDefault,
    ],
    [
      'ClusterFirstWithHostNet keeps cluster DNS',
      pod({ dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true }),
      host,
      clusterFirst,
    ],
    ['Default is the host resolv.conf', pod({ dnsPolicy: 'Default' }), host, hostDefault],
    ['None without dnsConfig is empty', pod({ dnsPolicy: 'None' }), host, { servers: [], searches: [], options: [] }],
    [
      'None takes dnsConfig only',
      pod({
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['1.1.1.1'],
          searches: ['a.example'],
          options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
        },
      }),
      host,
      { servers: ['1.1.1.1'], searches: ['a.example'], options: ['ndots:2', 'edns0'] },
    ],
    [
      'ClusterFirst with dnsConfig merged on top',
      pod({
        dnsConfig: {
          nameservers: ['10.96.0.10', '1.1.1.1'],
          searches: ['cluster.local', 'extra.example'],
          options: [{ name: 'ndots', value: '1' }, { name: 'single-request' }],
        },
      }),
      host,
      {
        servers: ['10.96.0.10', '1.1.1.1'],
        searches: [...clusterFirst.searches, 'extra.example'],
        options: ['ndots:1', 'single-request'],
      },
    ],
    [
      'Default with an option overridden',
      pod({ dnsPolicy: 'Default', dnsConfig: { options: [{ name: 'timeout', value: '5' }] } }),
      host,
      { ...hostDefault, options: ['timeout:5', 'rotate'] },
    ],
    [
      'ClusterFirst without a cluster DNS server falls back to the host',
      pod({}),
      { ...host, nameserver: '' },
      hostDefault,
    ],
    [
      'no cluster domain: only the host searches',
      pod({}),
      { ...host, clusterDomain: '' },
      { ...clusterFirst, searches: ['corp.example', 'example'] },
    ],
    [
      'the namespace names the first search domain',
      pod({}, 'kube-system'),
      { ...host, hostSearches: [] },
      { ...clusterFirst, searches: ['kube-system.svc.cluster.local', 'svc.cluster.local', 'cluster.local'] },
    ],
  ];

  it.each(cases)('%s', (_title, input, hostConfig, expected) => {
    expect(podDnsConfig(input, hostConfig)).toEqual(expected);
  });

  it('keeps at most 3 nameservers', () => {
    const config = podDnsConfig(pod({ dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9'] } }), host);
    expect(config.servers).toEqual(['10.96.0.10', '1.1.1.1', '8.8.8.8']);
  });

  it('keeps at most 32 searches, none over 253 characters, 2048 characters in all', () => {
    const many = Array.from({ length: 40 }, (_, index) => `s${index}.example`);
    expect(podDnsConfig(pod({ dnsPolicy: 'None', dnsConfig: { searches: many } }), host).searches).toEqual(
      many.slice(0, 32),
    );
    const long = 'a'.repeat(254);
    expect(
      podDnsConfig(pod({ dnsPolicy: 'None', dnsConfig: { searches: [long, 'ok.example'] } }), host).searches,
    ).toEqual(['ok.example']);
    // 10 searches of 250 characters: 2509 in a line; cut from the end until 2048 or less (8: 2007)
    const wide = Array.from({ length: 10 }, (_, index) => `${index}`.padEnd(250, 'x'));
    const kept = podDnsConfig(pod({ dnsPolicy: 'None', dnsConfig: { searches: wide } }), host).searches;
    expect(kept).toEqual(wide.slice(0, 8));
    expect(kept.join(' ').length).toBeLessThanOrEqual(2048);
  });

  it('classifies policies', () => {
    expect([
      podDnsType(pod({ dnsPolicy: 'None' })),
      podDnsType(pod({ hostNetwork: true })),
      podDnsType(pod({})),
    ]).toEqual(['none', 'host', 'cluster']);
  });
});
