import { connect } from 'node:net';
import { decode, encode } from 'dns-packet';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { benchDns } from './dns-bench.js';
import { startBlackHole, startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { ClusterDnsServer, type ClusterDnsServerOptions } from './server.js';
import { queryPacket, sendUdp, tcpQueries, testDeadlineMs, udpQuery } from './test-client.js';
import { clusterSource, service } from './test-fixtures.js';
import { rcodeOf } from './wire.js';

const bigUpstreamAnswers = Array.from({ length: 60 }, (_, index) => ({
  type: 'A' as const,
  name: 'big.example.com',
  ttl: 60,
  data: `192.0.2.${index + 1}`,
}));

let upstream: FakeUpstream;
const servers: ClusterDnsServer[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream({
    'example.com': { answers: [{ type: 'A', name: 'example.com', ttl: 60, data: '192.0.2.10' }] },
    'big.example.com': { answers: bigUpstreamAnswers, truncateUdp: true },
    'slow.example.com': { answers: [], silent: true },
  });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await upstream.close();
});

async function startServer(
  options: Partial<ClusterDnsServerOptions> = {},
): Promise<{ server: ClusterDnsServer; port: number }> {
  const server = new ClusterDnsServer({
    source: clusterSource(),
    listen: { address: '127.0.0.1', port: 0 },
    upstreams: [`127.0.0.1:${upstream.port}`],
    ...options,
  });
  servers.push(server);
  const bound = await server.start();
  expect(bound.address).toBe('127.0.0.1');
  return { server, port: bound.port };
}

describe('ClusterDnsServer over UDP', () => {
  it('answers a cluster name with the query id, the question as asked, AA set', async () => {
    const { server, port } = await startServer();
    const response = decode(await udpQuery(port, queryPacket('Web.Default.svc.cluster.local.', 'A', { id: 777 })));
    expect(response.id).toBe(777);
    expect(response.flag_qr && response.flag_aa && response.flag_rd).toBe(true);
    expect(response.questions?.[0]?.name).toBe('Web.Default.svc.cluster.local');
    expect(
      response.answers?.map((record) => [record.name, record.type, 'data' in record ? record.data : undefined]),
    ).toEqual([['web.default.svc.cluster.local', 'A', '10.96.0.20']]);
    const nxRaw = await udpQuery(port, queryPacket('nope.default.svc.cluster.local', 'A'));
    const nx = decode(nxRaw);
    expect(rcodeOf(nxRaw)).toBe('NXDOMAIN');
    expect(nx.authorities?.[0]?.type).toBe('SOA');
    expect(server.stats().responses).toEqual({ NOERROR: 1, NXDOMAIN: 1 });
  });

  it('truncates answers over 512 bytes (or the EDNS size, capped) and sets TC', async () => {
    const { server, port } = await startServer();
    const classic = await udpQuery(port, queryPacket('big.other.svc.cluster.local', 'A'));
    expect(classic.length).toBeLessThanOrEqual(512);
    const decoded = decode(classic);
    expect(decoded.flag_tc).toBe(true);
    expect(decoded.answers?.length).toBeGreaterThan(0);
    expect(decoded.answers?.length).toBeLessThan(100);

    const edns = await udpQuery(port, queryPacket('big.other.svc.cluster.local', 'A', { ednsBytes: 4096 }));
    expect(edns.length).toBeGreaterThan(512);
    expect(edns.length).toBeLessThanOrEqual(1232);
    const ednsDecoded = decode(edns);
    expect(ednsDecoded.flag_tc).toBe(true);
    expect(ednsDecoded.additionals?.some((record) => record.type === 'OPT')).toBe(true);

    // a small answer with EDNS is whole
    const small = decode(await udpQuery(port, queryPacket('web.default.svc.cluster.local', 'A', { ednsBytes: 1232 })));
    expect(small.flag_tc).toBe(false);
    expect(server.stats().truncated).toBe(2);
  });

  it('answers FORMERR when the id can be read and drops what cannot be answered', async () => {
    const { server, port } = await startServer();
    const junk = Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 0x61]);
    const formErr = await sendUdp(port, junk);
    expect(formErr.readUInt16BE(0)).toBe(0x1234);
    expect(rcodeOf(formErr)).toBe('FORMERR');
    // a 1-byte packet and a response get nothing; the query sent after them is the first answered
    const response = encode({ ...queryPacket('web.default.svc.cluster.local', 'A', { id: 5 }), type: 'response' });
    const after = decode(
      await sendUdp(
        port,
        Buffer.from([0x01]),
        response,
        encode(queryPacket('web.default.svc.cluster.local', 'A', { id: 6 })),
      ),
    );
    expect(after.id).toBe(6);
    expect(server.stats()).toMatchObject({ dropped: 2, responses: { FORMERR: 1, NOERROR: 1 } });
    // another opcode (STATUS): NOTIMP
    const status = encode(queryPacket('web.default.svc.cluster.local', 'A', { id: 8 }));
    status[2] = (status[2] ?? 0) | (2 << 3);
    expect(rcodeOf(await sendUdp(port, status))).toBe('NOTIMP');
    // two questions in one query: FORMERR
    const two = encode({
      type: 'query',
      id: 9,
      questions: [
        { name: 'a.cluster.local', type: 'A' },
        { name: 'b.cluster.local', type: 'A' },
      ],
    });
    expect(rcodeOf(await sendUdp(port, two))).toBe('FORMERR');
  });
});

describe('ClusterDnsServer over TCP', () => {
  it('answers pipelined queries whole, then closes after the client half-closes', async () => {
    const { port } = await startServer();
    const answers = await tcpQueries(port, [
      encode(queryPacket('big.other.svc.cluster.local', 'A', { id: 1 })),
      encode(queryPacket('_pg._tcp.db.default.svc.cluster.local', 'SRV', { id: 2 })),
    ]);
    const byId = new Map(answers.map((answer) => [decode(answer).id, decode(answer)]));
    expect(byId.get(1)?.flag_tc).toBe(false);
    expect(byId.get(1)?.answers?.length).toBe(100);
    expect(byId.get(2)?.answers?.map((record) => record.type === 'SRV' && record.data.target)).toEqual([
      'db-0.db.default.svc.cluster.local',
      'db-1.db.default.svc.cluster.local',
    ]);
  });

  it('refuses connections over tcpConnectionsMax', async () => {
    const { server, port } = await startServer({ tcpConnectionsMax: 1 });
    const first = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => first.once('connect', resolve));
    await waitFor(() => server.stats().tcpConnections === 1);
    const second = connect({ host: '127.0.0.1', port });
    second.on('error', () => undefined);
    await new Promise((resolve) => second.once('close', resolve));
    expect(server.stats().dropped).toBe(1);
    first.destroy();
    await waitFor(() => server.stats().tcpConnections === 0);
  });

  it('closes an idle connection after tcpIdleTimeoutMs', async () => {
    const { server, port } = await startServer({ tcpIdleTimeoutMs: 100 });
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('close', resolve));
    await waitFor(() => server.stats().tcpConnections === 0);
  });

  it('closes a connection that announces a message over queryBytesMax', async () => {
    const { server, port } = await startServer();
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => socket.write(Buffer.from([0xff, 0xff, 0x00])));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(server.stats().dropped).toBe(1);
  });
});

describe('ClusterDnsServer and ExternalName', () => {
  it('follows the CNAME to what its target resolves to, in the cluster and upstream, as CoreDNS does', async () => {
    const source = clusterSource();
    source.put(service('default', 'alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }));
    const { port } = await startServer({ source });
    const inside = decode(await udpQuery(port, queryPacket('alias.default.svc.cluster.local', 'A')));
    expect(inside.answers?.map((record) => [record.type, 'data' in record ? record.data : undefined])).toEqual([
      ['CNAME', 'web.default.svc.cluster.local'],
      ['A', '10.96.0.20'],
    ]);
    const outside = decode(await udpQuery(port, queryPacket('ext.default.svc.cluster.local', 'A')));
    expect(
      outside.answers?.map((record) => [record.type, 'data' in record ? String(record.data).toLowerCase() : undefined]),
    ).toEqual([
      ['CNAME', 'example.com'],
      ['A', '192.0.2.10'],
    ]);
    // Asked for the CNAME itself: only the CNAME.
    const cname = decode(await udpQuery(port, queryPacket('alias.default.svc.cluster.local', 'CNAME')));
    expect(cname.answers?.map((record) => record.type)).toEqual(['CNAME']);
  });
});

describe('ClusterDnsServer forwarding', () => {
  it('relays names outside the cluster with the client id', async () => {
    const { server, port } = await startServer();
    const response = decode(await udpQuery(port, queryPacket('example.com', 'A', { id: 4321 })));
    expect(response.id).toBe(4321);
    expect(response.answers?.map((record) => 'data' in record && record.data)).toEqual(['192.0.2.10']);
    expect(upstream.received.at(-1)).toBe('udp example.com');
    expect(server.stats()).toMatchObject({ forwarded: 1, responses: { NOERROR: 1 } });
    // the upstream sees fresh random ids, not the client's (three equal by chance: 2^-48)
    for (let index = 0; index < 3; index += 1)
      expect(decode(await udpQuery(port, queryPacket('example.com', 'A', { id: 4321 }))).id).toBe(4321);
    expect(upstream.receivedIds.slice(-3).some((id) => id !== 4321)).toBe(true);
  });

  it('passes a truncated upstream answer to a UDP client, and asks over TCP for a TCP client', async () => {
    const { port } = await startServer();
    const overUdp = decode(await udpQuery(port, queryPacket('big.example.com', 'A')));
    expect(overUdp.flag_tc).toBe(true);
    const [overTcp] = await tcpQueries(port, [encode(queryPacket('big.example.com', 'A', { id: 99 }))]);
    const decoded = decode(overTcp ?? Buffer.alloc(0));
    expect(decoded.id).toBe(99);
    expect(decoded.answers?.length).toBe(60);
    expect(upstream.received.slice(-3)).toEqual(['udp big.example.com', 'udp big.example.com', 'tcp big.example.com']);
  });

  it('tries the next upstream when one does not answer in time', async () => {
    const hole = await startBlackHole();
    try {
      const { port } = await startServer({
        upstreams: [`127.0.0.1:${hole.port}`, `127.0.0.1:${upstream.port}`],
        upstreamTimeoutMs: 200,
      });
      const response = decode(await udpQuery(port, queryPacket('example.com', 'A')));
      expect(response.answers?.length).toBe(1);
    } finally {
      await hole.close();
    }
  });

  it('answers SERVFAIL when every upstream fails, and over forwardsInFlightMax at once', async () => {
    const { server, port } = await startServer({ forwardsInFlightMax: 1, upstreamTimeoutMs: 1_000 });
    const stuck = udpQuery(port, queryPacket('slow.example.com', 'A', { id: 1 }));
    await waitFor(() => server.stats().forwardsInFlight === 1);
    const startedAt = Date.now();
    const overloaded = await udpQuery(port, queryPacket('example.com', 'A', { id: 2 }));
    expect(rcodeOf(overloaded)).toBe('SERVFAIL');
    expect(Date.now() - startedAt).toBeLessThan(500);
    expect(rcodeOf(await stuck)).toBe('SERVFAIL');
  });

  it('answers REFUSED at once with no upstream', async () => {
    const { server, port } = await startServer({ upstreams: [] });
    const response = await udpQuery(port, queryPacket('example.com', 'A'));
    expect(rcodeOf(response)).toBe('REFUSED');
    expect(server.stats().responses).toEqual({ REFUSED: 1 });
  });

  it('drops its own address from the upstreams (no forwarding loop)', async () => {
    const probe = new ClusterDnsServer({
      source: clusterSource(),
      listen: { address: '127.0.0.1', port: 5353 },
      upstreams: ['127.0.0.1:5353', '[::1]:53'],
    });
    expect(probe.upstreams()).toEqual(['[::1]:53']);
    await probe.close();
  });
});

describe('benchDns', () => {
  it('measures a running server and stops by itself', async () => {
    const { port } = await startServer();
    const result = await benchDns({
      server: { address: '127.0.0.1', port },
      names: ['web.default.svc.cluster.local', 'db.default.svc.cluster.local'],
      concurrency: 8,
      durationMs: 300,
    });
    expect(result.errors).toBe(0);
    expect(result.queriesPerSecond).toBeGreaterThan(100);
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  });

  it('counts unanswered queries as errors', async () => {
    const hole = await startBlackHole();
    try {
      const result = await benchDns({
        server: { address: '127.0.0.1', port: hole.port },
        names: ['x.example'],
        concurrency: 3,
        durationMs: 50,
        timeoutMs: 100,
      });
      expect(result).toMatchObject({ errors: 3, queriesPerSecond: 0 });
    } finally {
      await hole.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + testDeadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
