import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../api/index.js';
import { isClientError, OrcaClient } from '../client/index.js';
import { TestMasters, waitFor } from './test-support.js';

const web = (name: string, spec: Service['spec'] = {}): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: { intVal: 8080 } }], ...spec },
});

describe('Services through a master: addresses from its ranges, and the cluster defaults', () => {
  const masters = new TestMasters();
  let client: OrcaClient;

  beforeAll(async () => {
    const master = await masters.start('m1', {
      bootstrap: true,
      serviceCidr: '10.112.0.0/16',
      nodePortRange: '31000-31099',
      leaderLoops: { scheduler: false, controllers: true },
    });
    await masters.leader(15_000);
    client = new OrcaClient({ servers: [master.address] });
  });
  afterAll(async () => {
    client?.close();
    await masters.close();
  });

  it('keeps kube-dns at the tenth address of the service range and the default IngressClass, even after a delete', async () => {
    const dns = await waitFor('the kube-dns Service', 10_000, () =>
      client.get({ kind: 'Service', namespace: 'kube-system', name: 'kube-dns' }).catch(() => undefined),
    );
    expect(dns.spec?.clusterIp).toBe('10.112.0.10');
    expect(dns.spec?.ports?.map((port) => `${port.name}/${port.protocol}/${port.port}`)).toEqual([
      'dns/UDP/53',
      'dns-tcp/TCP/53',
    ]);
    const ingressClass = await waitFor('the orca IngressClass', 10_000, () =>
      client.get({ kind: 'IngressClass', name: 'orca' }).catch(() => undefined),
    );
    expect(ingressClass.spec?.controller).toBe('orca.dev/ingress');
    expect(ingressClass.metadata?.annotations?.['ingressclass.kubernetes.io/is-default-class']).toBe('true');
    for (const name of ['kube-system', 'kube-public', 'kube-node-lease'])
      expect((await client.get({ kind: 'Namespace', name })).metadata?.name).toBe(name);
    await client.delete({ kind: 'IngressClass', name: 'orca' });
    await waitFor('the IngressClass back', 10_000, () =>
      client.get({ kind: 'IngressClass', name: 'orca' }).catch(() => undefined),
    );
  });

  it('hands out ClusterIPs and NodePorts from the ranges this master was given', async () => {
    const created = await client.create(web('shop', { type: 'NodePort' }));
    expect(created.spec?.clusterIp).toMatch(/^10\.112\.\d+\.\d+$/);
    expect(created.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(31000);
    expect(created.spec?.ports?.[0]?.nodePort).toBeLessThanOrEqual(31099);
    // Re-applying the manifest as written (no clusterIP, no nodePort) keeps both.
    const current = await client.get({ kind: 'Service', namespace: 'default', name: 'shop' });
    const updated = await client.update({ ...web('shop', { type: 'NodePort' }), metadata: { ...current.metadata } });
    expect(updated.spec?.clusterIp).toBe(created.spec?.clusterIp);
    expect(updated.spec?.ports?.[0]?.nodePort).toBe(created.spec?.ports?.[0]?.nodePort);
  });

  it("reports the Ready nodes' addresses on LoadBalancer Services and on the Ingresses Orca serves", async () => {
    for (const [name, ip] of [
      ['n1', '192.0.2.11'],
      ['n2', '192.0.2.12'],
    ] as const) {
      const created = await client.create({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {} });
      await client.updateStatus({
        ...created,
        status: { addresses: [{ type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
    await client.create(web('balanced', { type: 'LoadBalancer' }));
    const backend = { service: { name: 'balanced', port: { number: 80 } } };
    await client.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop' },
      spec: { defaultBackend: backend },
    });
    await client.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'theirs' },
      spec: { ingressClassName: 'nginx', defaultBackend: backend },
    });
    const wanted = [{ ip: '192.0.2.11' }, { ip: '192.0.2.12' }];
    await waitFor("the Service's balancer status", 10_000, async () => {
      const service = await client.get({ kind: 'Service', namespace: 'default', name: 'balanced' });
      return JSON.stringify(service.status?.loadBalancer?.ingress) === JSON.stringify(wanted) ? true : undefined;
    });
    await waitFor("the Ingress's address", 10_000, async () => {
      const ingress = await client.get({ kind: 'Ingress', namespace: 'default', name: 'shop' });
      return JSON.stringify(ingress.status?.loadBalancer?.ingress) === JSON.stringify(wanted) ? true : undefined;
    });
    expect(
      (await client.get({ kind: 'Ingress', namespace: 'default', name: 'theirs' })).status?.loadBalancer?.ingress ?? [],
    ).toEqual([]);
  });

  it('refuses a taken or out-of-range address with the field path, and writes nothing', async () => {
    const taken = await client.create(web('taken', { clusterIp: '10.112.0.10' })).catch((error: unknown) => error);
    expect(isClientError(taken, 'invalid')).toBe(true);
    expect(String((taken as Error).message)).toContain(
      'spec.clusterIP: invalid value "10.112.0.10": provided IP is already allocated',
    );
    const outside = await client.create(web('outside', { clusterIp: '10.96.0.20' })).catch((error: unknown) => error);
    expect(String((outside as Error).message)).toContain('The range of valid IPs is 10.112.0.0/16');
    const port = await client
      .create(web('port', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))
      .catch((error: unknown) => error);
    expect(String((port as Error).message)).toContain(
      'spec.ports[0].nodePort: invalid value 30080: provided port is not in the valid range',
    );
    for (const name of ['taken', 'outside', 'port']) {
      const missing = await client
        .get({ kind: 'Service', namespace: 'default', name })
        .catch((error: unknown) => error);
      expect(isClientError(missing, 'not-found')).toBe(true);
    }
  });
});
