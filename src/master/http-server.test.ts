import { Agent, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpServerError,
  raftReadiness,
  startHttpServer,
  type HttpServerHandle,
  type ProbeResult,
} from './http-server.js';
import { MasterMetrics } from './metrics.js';

const handles: HttpServerHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

interface Probes {
  liveness: ProbeResult;
  readiness: ProbeResult;
}

async function start(
  probes: Probes,
  extra: { requestTimeoutMs?: number } = {},
): Promise<{ base: string; handle: HttpServerHandle }> {
  const metrics = new MasterMetrics({
    gauges: () => ({
      term: 7,
      commitIndex: 42,
      appliedIndex: 41,
      lastIndex: 43,
      leaderChanges: 1,
      isLeader: true,
      watchers: 2,
    }),
    processMetrics: false,
  });
  metrics.observeRequest('ObjectService/Get', 0, 0.001);
  const handle = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    liveness: () => probes.liveness,
    readiness: () => probes.readiness,
    metrics,
    ...extra,
  });
  handles.push(handle);
  return { base: `http://127.0.0.1:${handle.address.port}`, handle };
}

describe('startHttpServer', () => {
  it('answers /healthz and /readyz from the probes, with the detail when failing', async () => {
    const probes: Probes = {
      liveness: { ok: true, detail: '' },
      readiness: raftReadiness({ leader: undefined, commitIndex: 0, appliedIndex: 0 }),
    };
    const { base } = await start(probes);
    let response = await fetch(`${base}/healthz`);
    expect([response.status, await response.text()]).toEqual([200, 'ok\n']);
    response = await fetch(`${base}/readyz`);
    expect([response.status, await response.text()]).toEqual([503, 'no known Raft leader\n']);

    probes.readiness = raftReadiness({ leader: 'm1', commitIndex: 10, appliedIndex: 10 });
    probes.liveness = { ok: false, detail: 'apply loop stalled for 30s' };
    response = await fetch(`${base}/readyz?verbose`);
    expect([response.status, await response.text()]).toEqual([200, 'ok\n']);
    response = await fetch(`${base}/healthz`);
    expect([response.status, await response.text()]).toEqual([503, 'apply loop stalled for 30s\n']);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('reports a probe that throws as failing, not as a crash', async () => {
    const metrics = new MasterMetrics({
      gauges: () => {
        throw new Error('raft stopped');
      },
      processMetrics: false,
    });
    const throwing = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      liveness: () => {
        throw new Error('boom');
      },
      readiness: () => ({ ok: true, detail: '' }),
      metrics,
    });
    handles.push(throwing);
    const other = `http://127.0.0.1:${throwing.address.port}`;
    let response = await fetch(`${other}/healthz`);
    expect([response.status, await response.text()]).toEqual([503, 'probe failed: boom\n']);
    response = await fetch(`${other}/metrics`);
    expect([response.status, await response.text()]).toEqual([500, 'metrics unavailable: raft stopped\n']);
  });

  it('serves Prometheus text on /metrics with its content type', async () => {
    const { base } = await start({ liveness: { ok: true, detail: '' }, readiness: { ok: true, detail: '' } });
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('orca_raft_term 7');
    expect(text).toContain('orca_raft_applied_index 41');
    expect(text).toContain('orca_api_requests_total{method="ObjectService/Get",code="OK"} 1');
  });

  it('answers 404 for unknown paths, 405 for writes, and HEAD without a body', async () => {
    const { base } = await start({ liveness: { ok: true, detail: '' }, readiness: { ok: true, detail: '' } });
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/healthz/extra`)).status).toBe(404);
    const post = await fetch(`${base}/healthz`, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('closes promptly even with an idle keep-alive connection open', async () => {
    const { handle } = await start(
      { liveness: { ok: true, detail: '' }, readiness: { ok: true, detail: '' } },
      { requestTimeoutMs: 30_000 },
    );
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: handle.address.port, path: '/healthz', agent },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      request.on('error', reject);
      request.end();
    });
    const started = performance.now();
    await handle.close();
    await handle.close(); // idempotent
    expect(performance.now() - started).toBeLessThan(2_000);
    agent.destroy();
    await expect(fetch(`http://127.0.0.1:${handle.address.port}/healthz`)).rejects.toThrow();
  });

  it('fails clearly when the port is taken or the options are wrong', async () => {
    const { handle } = await start({ liveness: { ok: true, detail: '' }, readiness: { ok: true, detail: '' } });
    const metrics = new MasterMetrics({
      gauges: () => ({
        term: 0,
        commitIndex: 0,
        appliedIndex: 0,
        lastIndex: 0,
        leaderChanges: 0,
        isLeader: false,
        watchers: 0,
      }),
      processMetrics: false,
    });
    const probe = (): ProbeResult => ({ ok: true, detail: '' });
    const taken = startHttpServer({
      host: '127.0.0.1',
      port: handle.address.port,
      liveness: probe,
      readiness: probe,
      metrics,
    });
    await expect(taken).rejects.toBeInstanceOf(HttpServerError);
    await expect(taken).rejects.toThrow(`cannot listen for HTTP on 127.0.0.1:${handle.address.port}`);
    await expect(
      startHttpServer({ host: '127.0.0.1', port: 70_000, liveness: probe, readiness: probe, metrics }),
    ).rejects.toThrow('port: must be an integer from 0 to 65535');
  });
});

describe('raftReadiness', () => {
  it('is ready only with a known leader and everything committed applied', () => {
    expect(raftReadiness({ leader: undefined, commitIndex: 5, appliedIndex: 5 })).toEqual({
      ok: false,
      detail: 'no known Raft leader',
    });
    expect(raftReadiness({ leader: 'm2', commitIndex: 9, appliedIndex: 5 })).toEqual({
      ok: false,
      detail: 'catching up: applied 5 of committed 9',
    });
    expect(raftReadiness({ leader: 'm2', commitIndex: 9, appliedIndex: 9 }).ok).toBe(true);
  });
});
