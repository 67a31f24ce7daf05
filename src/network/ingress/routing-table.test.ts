import { describe, expect, it } from 'vitest';
import { MemoryNetworkSource } from '../network-source.js';
import { resolveBackend } from './backend-resolve.js';
import { isIngressOurs, legacyClassAnnotation } from './ingress-class.js';
import { ingressLoadBalancerStatus, ingressesServed } from './ingress-status.js';
import {
  endpointsOf,
  ingressClassOf,
  ingressOf,
  serviceOf,
  tlsSecretOf,
  type IngressSpecInput,
} from './object-builders.js';
import { normalizeRulePath, pathMatches, requestPath, type PathType } from './path-match.js';
import { buildRoutingTable, route } from './routing-table.js';
import { buildTlsTable, tlsEntryFor } from './tls-table.js';

/** A cluster with our class `orca` and one ready Service per name, each on port 80 → 8080. */
function cluster(ingresses: IngressSpecInput[], services: string[] = ['a', 'b', 'c', 'd']): MemoryNetworkSource {
  const source = new MemoryNetworkSource();
  source.put(ingressClassOf('orca'), ingressClassOf('other', { controller: 'example.com/other' }));
  services.forEach((name, index) => {
    source.put(
      serviceOf('default', name, [{ port: 80, targetPort: 8080 }]),
      endpointsOf('default', name, [{ ready: [`10.0.${index}.1`], ports: [{ port: 8080 }] }]),
    );
  });
  source.put(...ingresses.map((item) => ingressOf({ className: 'orca', ...item })));
  return source;
}

function serviceFor(source: MemoryNetworkSource, host: string, path: string): string | undefined {
  return route(buildRoutingTable(source), host, path)?.backend.service.name;
}

describe('path matching', () => {
  const cases: [string, PathType, string, boolean][] = [
    ['/foo', 'Exact', '/foo', true],
    ['/foo', 'Exact', '/foo/', false],
    ['/foo', 'Exact', '/foobar', false],
    ['/foo', 'Prefix', '/foo', true],
    ['/foo', 'Prefix', '/foo/', true],
    ['/foo', 'Prefix', '/foo/bar', true],
    ['/foo', 'Prefix', '/foobar', false],
    ['/foo/', 'Prefix', '/foo', true],
    ['/foo/bar', 'Prefix', '/foo/baz', false],
    ['/', 'Prefix', '/anything/at/all', true],
    ['/foo', 'ImplementationSpecific', '/foo/bar', true],
    ['/foo', 'ImplementationSpecific', '/foobar', false],
  ];
  it.each(cases)('%s (%s) against %s → %s', (rulePath, pathType, path, expected) => {
    expect(pathMatches(normalizeRulePath(rulePath, pathType), pathType, path)).toBe(expected);
  });

  it('ignores the query string and reads absolute-form targets', () => {
    expect(requestPath('/foo?x=/bar')).toBe('/foo');
    expect(requestPath('')).toBe('/');
    expect(requestPath('http://example.com/p/q?x')).toBe('/p/q');
  });
});

describe('routing table', () => {
  it('picks the longest matching path, and Exact over Prefix at equal length', () => {
    const source = cluster([
      {
        name: 'web',
        rules: [
          {
            host: 'example.com',
            paths: [
              { path: '/', service: 'a', port: 80 },
              { path: '/api', service: 'b', port: 80 },
              { path: '/api', pathType: 'Exact', service: 'c', port: 80 },
              { path: '/api/v2', service: 'd', port: 80 },
            ],
          },
        ],
      },
    ]);
    const cases: [string, string][] = [
      ['/', 'a'],
      ['/apix', 'a'],
      ['/api', 'c'],
      ['/api/', 'b'],
      ['/api/v1', 'b'],
      ['/api/v2/x', 'd'],
      ['/api?x=1', 'c'],
    ];
    for (const [path, expected] of cases)
      expect([path, serviceFor(source, 'example.com', requestPath(path))]).toEqual([path, expected]);
  });

  it('matches exact hosts, then one-label wildcards, then rules without host; ignoring port and case', () => {
    const source = cluster([
      {
        name: 'hosts',
        rules: [
          { host: 'foo.example.com', paths: [{ path: '/', service: 'a', port: 80 }] },
          { host: '*.example.com', paths: [{ path: '/', service: 'b', port: 80 }] },
          { paths: [{ path: '/', service: 'c', port: 80 }] },
        ],
      },
    ]);
    const cases: [string, string][] = [
      ['foo.example.com', 'a'],
      ['FOO.Example.COM:8080', 'a'],
      ['bar.example.com', 'b'],
      ['example.com', 'c'],
      ['a.b.example.com', 'c'],
      ['other.org', 'c'],
      ['', 'c'],
    ];
    for (const [host, expected] of cases) expect([host, serviceFor(source, host, '/')]).toEqual([host, expected]);
  });

  it('does not fall through from a matched host to rules without host', () => {
    const source = cluster([
      {
        name: 'x',
        rules: [
          { host: 'example.com', paths: [{ path: '/only', service: 'a', port: 80 }] },
          { paths: [{ path: '/', service: 'b', port: 80 }] },
        ],
      },
    ]);
    expect(serviceFor(source, 'example.com', '/other')).toBeUndefined();
    expect(serviceFor(source, 'elsewhere', '/other')).toBe('b');
  });

  it('merges Ingresses of one host; on a duplicate path the oldest wins and the conflict is reported', () => {
    const source = cluster([
      {
        name: 'newer',
        createdAt: '2024-05-01T00:00:00Z',
        rules: [
          {
            host: 'example.com',
            paths: [
              { path: '/app', service: 'b', port: 80 },
              { path: '/new', service: 'c', port: 80 },
            ],
          },
        ],
      },
      {
        name: 'older',
        createdAt: '2024-02-01T00:00:00Z',
        rules: [{ host: 'example.com', paths: [{ path: '/app', service: 'a', port: 80 }] }],
      },
      // same timestamp as `older`: namespace/name decides, so `alpha` would beat `older` — but it uses Exact, no clash
      {
        name: 'alpha',
        createdAt: '2024-02-01T00:00:00Z',
        rules: [{ host: 'example.com', paths: [{ path: '/app', pathType: 'Exact', service: 'd', port: 80 }] }],
      },
    ]);
    const table = buildRoutingTable(source);
    expect(table.ingresses).toEqual(['default/alpha', 'default/older', 'default/newer']);
    expect(route(table, 'example.com', '/app/x')?.backend.service.name).toBe('a');
    expect(route(table, 'example.com', '/app')?.backend.service.name).toBe('d');
    expect(route(table, 'example.com', '/new')?.backend.ingress.name).toBe('newer');
    expect(table.conflicts).toEqual([
      {
        ingress: 'default/newer',
        host: 'example.com',
        path: '/app',
        message: 'path ignored: /app (Prefix) is already served by the older Ingress default/older',
      },
    ]);
  });

  it('breaks equal creation times by namespace/name, deterministically', () => {
    const make = (order: string[]): string | undefined => {
      const inputs = order.map((name) => ({
        name,
        createdAt: '2024-01-01T00:00:00Z',
        rules: [{ host: 'h', paths: [{ path: '/', service: name === 'zeta' ? 'a' : 'b', port: 80 }] }],
      }));
      return serviceFor(cluster(inputs), 'h', '/');
    };
    expect(make(['zeta', 'beta'])).toBe('b');
    expect(make(['beta', 'zeta'])).toBe('b');
  });

  it('answers unmatched requests with the oldest default backend, and nothing without one', () => {
    const source = cluster([
      { name: 'late', createdAt: '2024-03-01T00:00:00Z', defaultBackend: { service: 'b', port: 80 } },
      {
        name: 'early',
        createdAt: '2024-01-01T00:00:00Z',
        defaultBackend: { service: 'a', port: 80 },
        rules: [{ host: 'h', paths: [{ path: '/x', service: 'c', port: 80 }] }],
      },
    ]);
    const table = buildRoutingTable(source);
    expect(route(table, 'h', '/x')?.backend.service.name).toBe('c');
    expect(route(table, 'h', '/y')).toMatchObject({ viaDefault: true, backend: { service: { name: 'a' } } });
    expect(route(table, 'nowhere', '/')?.backend.service.name).toBe('a');
    expect(table.conflicts.map((item) => item.ingress)).toEqual(['default/late']);
    expect(
      route(
        buildRoutingTable(
          cluster([{ name: 'r', rules: [{ host: 'h', paths: [{ path: '/x', service: 'c', port: 80 }] }] }]),
        ),
        'h',
        '/y',
      ),
    ).toBeUndefined();
  });

  it('refuses malformed paths with a conflict rather than routing them', () => {
    const table = buildRoutingTable(
      cluster([
        {
          name: 'bad',
          rules: [
            {
              host: 'h',
              paths: [
                { path: 'no-slash', service: 'a', port: 80 },
                { path: '/x', pathType: 'Regex', service: 'a', port: 80 },
              ],
            },
          ],
        },
      ]),
    );
    expect(table.conflicts.map((item) => item.message)).toEqual([
      'path ignored: it must start with /',
      'path ignored: pathType "Regex" is not Exact, Prefix or ImplementationSpecific',
    ]);
    expect(route(table, 'h', '/x')).toBeUndefined();
  });
});

describe('ingress class selection', () => {
  const classes = [ingressClassOf('orca'), ingressClassOf('nginx', { controller: 'k8s.io/ingress-nginx' })];
  const plain = (extra: Partial<IngressSpecInput>): ReturnType<typeof ingressOf> => ingressOf({ name: 'i', ...extra });
  it.each([
    ['our class by name', plain({ className: 'orca' }), classes, true],
    ['another controller’s class', plain({ className: 'nginx' }), classes, false],
    ['an unknown class', plain({ className: 'missing' }), classes, false],
    ['no class and no default', plain({}), classes, false],
    ['no class, our class is default', plain({}), [ingressClassOf('orca', { isDefault: true }), classes[1]], true],
    [
      'no class, the other controller is default',
      plain({}),
      [ingressClassOf('orca'), ingressClassOf('nginx', { controller: 'k8s.io/ingress-nginx', isDefault: true })],
      false,
    ],
    ['legacy annotation naming our class', plain({ annotations: { [legacyClassAnnotation]: 'orca' } }), classes, true],
    [
      'legacy annotation naming another class',
      plain({ annotations: { [legacyClassAnnotation]: 'nginx' } }),
      [ingressClassOf('orca', { isDefault: true }), classes[1]],
      false,
    ],
    [
      'ingressClassName wins over the annotation',
      plain({ className: 'nginx', annotations: { [legacyClassAnnotation]: 'orca' } }),
      classes,
      false,
    ],
  ])('%s', (_label, ingress, classList, expected) => {
    expect(
      isIngressOurs(
        ingress,
        classList.filter((item) => item !== undefined),
      ),
    ).toBe(expected);
  });

  it('routes and lists only our Ingresses', () => {
    const source = cluster([{ name: 'ours', rules: [{ host: 'h', paths: [{ path: '/', service: 'a', port: 80 }] }] }]);
    source.put(
      ingressOf({
        name: 'theirs',
        className: 'other',
        rules: [{ host: 'g', paths: [{ path: '/', service: 'b', port: 80 }] }],
      }),
    );
    expect(ingressesServed(source)).toEqual(['default/ours']);
    expect(serviceFor(source, 'g', '/')).toBeUndefined();
  });
});

describe('backend resolution', () => {
  const ingress = { namespace: 'shop', name: 'web' };
  function source(): MemoryNetworkSource {
    const memory = new MemoryNetworkSource();
    memory.put(
      serviceOf('shop', 'multi', [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'admin', port: 9000, targetPort: 9090 },
      ]),
      endpointsOf('shop', 'multi', [
        {
          ready: ['10.1.0.1', '10.1.0.2'],
          notReady: ['10.1.0.3'],
          ports: [
            { name: 'http', port: 8080 },
            { name: 'admin', port: 9090 },
          ],
        },
        { ready: ['10.1.0.4'], ports: [{ name: 'http', port: 8081 }] },
      ]),
      serviceOf('shop', 'single', [{ port: 80, targetPort: 3000 }]),
      endpointsOf('shop', 'single', [{ ready: ['10.2.0.1'], ports: [{ port: 3000 }] }]),
      serviceOf('shop', 'empty', [{ port: 80 }]),
      endpointsOf('shop', 'empty', [{ ready: [], notReady: ['10.3.0.1'], ports: [{ port: 80 }] }]),
      serviceOf('shop', 'external', [{ port: 80 }], 'ExternalName'),
    );
    return memory;
  }
  const backend = (name: string, port: number | string) => ({
    service: { name, port: typeof port === 'number' ? { number: port } : { name: port } },
  });

  it('follows a numbered port to the same-named endpoint port, ready addresses only', () => {
    expect(resolveBackend(source(), ingress, backend('multi', 80)).targets).toEqual([
      { ip: '10.1.0.1', port: 8080 },
      { ip: '10.1.0.2', port: 8080 },
      { ip: '10.1.0.4', port: 8081 },
    ]);
  });

  it('follows a named port', () => {
    expect(resolveBackend(source(), ingress, backend('multi', 'admin')).targets).toEqual([
      { ip: '10.1.0.1', port: 9090 },
      { ip: '10.1.0.2', port: 9090 },
    ]);
  });

  it('matches an unnamed single port to the unnamed endpoint port', () => {
    expect(resolveBackend(source(), ingress, backend('single', 80))).toMatchObject({
      state: 'ready',
      targets: [{ ip: '10.2.0.1', port: 3000 }],
    });
  });

  it.each([
    ['empty', 80, 'noEndpoints'],
    ['multi', 81, 'noServicePort'],
    ['multi', 'nope', 'noServicePort'],
    ['missing', 80, 'noService'],
    ['external', 80, 'externalName'],
    ['', 80, 'invalid'],
  ] as const)('%s:%s → %s', (name, port, state) => {
    expect(resolveBackend(source(), ingress, backend(name, port))).toMatchObject({ state, targets: [] });
  });
});

describe('TLS table and status helpers', () => {
  const pem = { certificatePem: 'CERT', keyPem: 'KEY' };
  it('resolves exact hosts before wildcards, the oldest Ingress keeping a host', () => {
    const memory = new MemoryNetworkSource();
    memory.put(
      tlsSecretOf('default', 'exact', pem),
      tlsSecretOf('default', 'wild', pem),
      tlsSecretOf('default', 'late', pem),
    );
    const older = ingressOf({
      name: 'older',
      createdAt: '2024-01-01T00:00:00Z',
      tls: [
        { hosts: ['a.example.com'], secretName: 'exact' },
        { hosts: ['*.example.com'], secretName: 'wild' },
      ],
    });
    const newer = ingressOf({
      name: 'newer',
      createdAt: '2024-02-01T00:00:00Z',
      tls: [
        { hosts: ['A.example.com', 'b.test'], secretName: 'late' },
        { hosts: ['c.test'], secretName: 'absent' },
      ],
    });
    const table = buildTlsTable(memory, [older, newer]);
    expect(tlsEntryFor(table, 'a.example.com')?.secret).toBe('default/exact');
    expect(tlsEntryFor(table, 'z.example.com')?.secret).toBe('default/wild');
    expect(tlsEntryFor(table, 'x.y.example.com')).toBeUndefined();
    expect(tlsEntryFor(table, 'b.test')).toMatchObject({
      secret: 'default/late',
      certificatePem: 'CERT',
      keyPem: 'KEY',
    });
    expect(tlsEntryFor(table, 'c.test')).toMatchObject({ secret: 'default/absent', certificatePem: undefined });
    expect(table.conflicts.map((item) => `${item.ingress} ${item.host}`)).toEqual([
      'default/newer a.example.com',
      'default/newer c.test',
    ]);
  });

  it('writes load balancer status as sorted unique IPs', () => {
    expect(ingressLoadBalancerStatus(['10.0.0.2', '10.0.0.1', '10.0.0.2', 'lb.example.com'])).toEqual([
      { ip: '10.0.0.1' },
      { ip: '10.0.0.2' },
      { hostname: 'lb.example.com' },
    ]);
  });
});
