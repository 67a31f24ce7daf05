// Probe timing and thresholds on a fake clock, and the three kinds of checks
// against real loopback servers.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Container } from '../../api/index.js';
import { ContainerProber, type ProberClock } from './container-prober.js';
import { runProbe, type ProbeTarget } from './probe-check.js';
import type { Probe, ProbeKind } from './probe-state.js';

class FakeClock implements ProberClock {
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(public nowMs = 0) {}
  now(): number {
    return this.nowMs;
  }
  setTimer(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.nowMs + delayMs, callback, id });
    return id;
  }
  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }
  /** Moves time forward, firing due timers in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((left, right) => left.at - right.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.nowMs = due.at;
      due.callback();
      for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
    }
    this.nowMs = end;
  }
}

function setup(container: Container, results: Partial<Record<ProbeKind, boolean[]>>) {
  const clock = new FakeClock(1_000);
  const runs: { kind: string; atMs: number }[] = [];
  const changes: string[] = [];
  const kindOf = (probe: Probe): ProbeKind =>
    probe === container.startupProbe ? 'startup' : probe === container.livenessProbe ? 'liveness' : 'readiness';
  const target: ProbeTarget = {
    containerId: 'c1',
    podIp: '127.0.0.1',
    container,
    exec: () => Promise.reject(new Error('unused')),
  };
  const prober = new ContainerProber({
    target,
    startedAtMs: 1_000,
    clock,
    onChange: (kind, state) => changes.push(`${kind}=${state.passing}`),
    run: (probe) => {
      const kind = kindOf(probe);
      runs.push({ kind, atMs: clock.now() });
      const ok = results[kind]?.shift() ?? true;
      return Promise.resolve({ ok, message: ok ? '' : `${kind} said no` });
    },
  });
  return { clock, runs, changes, prober };
}

const exec = { exec: { command: ['true'] } };

describe('container prober timing', () => {
  it('runs liveness after its initial delay and then every period, and demands a restart after failureThreshold failures', async () => {
    const container: Container = {
      name: 'app',
      livenessProbe: { ...exec, initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 3 },
    };
    const { clock, runs, changes, prober } = setup(container, { liveness: [true, false, false, false] });
    await clock.advance(4_999);
    expect(runs).toEqual([]);
    expect(prober.view()).toMatchObject({ started: true, ready: true, mustRestart: false });
    await clock.advance(1);
    await clock.advance(4_000);
    expect(runs.map((run) => run.atMs)).toEqual([6_000, 8_000, 10_000]);
    expect(prober.view().mustRestart).toBe(false);
    await clock.advance(2_000);
    expect(prober.view()).toMatchObject({
      mustRestart: true,
      restartMessage: 'Liveness probe failed: liveness said no',
    });
    expect(changes).toEqual(['liveness=false']);
    await clock.advance(20_000);
    expect(runs).toHaveLength(4);
  });

  it('is not ready until readiness passes successThreshold times, and flips back after failureThreshold failures', async () => {
    const container: Container = {
      name: 'app',
      readinessProbe: { ...exec, periodSeconds: 1, successThreshold: 2, failureThreshold: 2 },
    };
    const { clock, changes, prober } = setup(container, { readiness: [true, true, false, false, true, true] });
    expect(prober.view().ready).toBe(false);
    await clock.advance(0);
    expect(prober.view().ready).toBe(false);
    await clock.advance(1_000);
    expect(prober.view().ready).toBe(true);
    await clock.advance(2_000);
    expect(prober.view().ready).toBe(false);
    await clock.advance(2_000);
    expect(prober.view().ready).toBe(true);
    expect(changes).toEqual(['readiness=true', 'readiness=false', 'readiness=true']);
  });

  it('holds liveness and readiness until the startup probe passes, and restarts a container that never starts', async () => {
    const container: Container = {
      name: 'app',
      startupProbe: { ...exec, periodSeconds: 1, failureThreshold: 2 },
      livenessProbe: { ...exec, periodSeconds: 1 },
    };
    const slow = setup(container, { startup: [false, true] });
    await slow.clock.advance(0);
    expect(slow.prober.view()).toMatchObject({ started: false, ready: false, mustRestart: false });
    expect(slow.runs.map((run) => run.kind)).toEqual(['startup']);
    await slow.clock.advance(1_000);
    expect(slow.prober.view()).toMatchObject({ started: true, ready: true });
    await slow.clock.advance(2_000);
    expect(slow.runs.map((run) => run.kind)).toEqual(['startup', 'startup', 'liveness', 'liveness', 'liveness']);

    const never = setup(container, { startup: [false, false] });
    await never.clock.advance(1_000);
    expect(never.prober.view()).toMatchObject({
      started: false,
      mustRestart: true,
      restartMessage: 'Startup probe failed: startup said no',
    });
  });

  it('stops probing when stopped', async () => {
    const { clock, runs, prober } = setup({ name: 'app', livenessProbe: { ...exec, periodSeconds: 1 } }, {});
    await clock.advance(1_500);
    prober.stop();
    await clock.advance(10_000);
    expect(runs).toHaveLength(2);
  });
});

describe('probe checks', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('httpGet passes on 2xx/3xx, fails on 500, fails on a refused port; a named port resolves', async () => {
    server = createHttpServer((request, response) => {
      response.statusCode = request.url === '/healthz' ? 200 : 500;
      response.end('x');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const container: Container = { name: 'app', ports: [{ name: 'http', containerPort: port }] };
    const target: ProbeTarget = {
      containerId: 'c',
      podIp: '127.0.0.1',
      container,
      exec: () => Promise.reject(new Error('unused')),
    };
    expect(await runProbe({ httpGet: { path: '/healthz', port: { strVal: 'http' } } }, target, 1_000)).toEqual({
      ok: true,
      message: '',
    });
    expect(await runProbe({ httpGet: { path: '/broken', port: { intVal: port } } }, target, 1_000)).toEqual({
      ok: false,
      message: 'HTTP probe failed with statuscode: 500',
    });
    await new Promise((resolve) => server?.close(resolve));
    const refused = await runProbe({ httpGet: { path: '/', port: { intVal: port } } }, target, 1_000);
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('ECONNREFUSED');
  });

  it('tcpSocket passes when the port accepts and fails when it refuses; exec passes on exit code 0', async () => {
    const tcp = createTcpServer((socket) => socket.end());
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as AddressInfo).port;
    const exec = (_id: string, command: readonly string[]) =>
      Promise.resolve({ exitCode: command[0] === 'ok' ? 0 : 2, stdout: Buffer.from('nope'), stderr: Buffer.alloc(0) });
    const target: ProbeTarget = { containerId: 'c', podIp: '127.0.0.1', container: { name: 'app' }, exec };
    expect((await runProbe({ tcpSocket: { port: { intVal: port } } }, target, 1_000)).ok).toBe(true);
    tcp.close();
    expect((await runProbe({ tcpSocket: { port: { intVal: port } } }, target, 1_000)).ok).toBe(false);
    expect(await runProbe({ exec: { command: ['ok'] } }, target, 1_000)).toEqual({ ok: true, message: '' });
    expect(await runProbe({ exec: { command: ['bad'] } }, target, 1_000)).toEqual({
      ok: false,
      message: 'command ["bad"] exited with 2: nope',
    });
  });
});
