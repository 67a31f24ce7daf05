/**
 * Runs one probe once: exec in the container, an HTTP GET or a TCP connect to
 * the pod IP. Every check ends within its timeout; the result says why it failed.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Container, IntOrString } from '../../api/index.js';
import { errorMessage } from '../worker-error.js';
import type { Probe } from './probe-state.js';

export interface ProbeTarget {
  readonly containerId: string;
  /** The pod's IP; probes without a host of their own go there. */
  readonly podIp: string;
  readonly container: Container;
  readonly exec: (
    containerId: string,
    command: readonly string[],
    timeoutSeconds: number,
  ) => Promise<{ exitCode: number; stdout: Buffer; stderr: Buffer }>;
}

export interface ProbeResult {
  readonly ok: boolean;
  readonly message: string;
}

/** Bytes of exec output or HTTP body quoted in a failure message. */
const quotedBytesMax = 256;

export async function runProbe(probe: Probe, target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  try {
    if (probe.exec !== undefined) return await execProbe(probe.exec.command ?? [], target, timeoutMs);
    if (probe.httpGet !== undefined) return await httpProbe(probe.httpGet, target, timeoutMs);
    if (probe.tcpSocket !== undefined) return await tcpProbe(probe.tcpSocket, target, timeoutMs);
    return { ok: false, message: 'the probe has no exec, httpGet or tcpSocket action' };
  } catch (error: unknown) {
    return { ok: false, message: errorMessage(error) };
  }
}

async function execProbe(command: readonly string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const result = await target.exec(target.containerId, command, Math.max(1, Math.ceil(timeoutMs / 1000)));
  if (result.exitCode === 0) return { ok: true, message: '' };
  const output = Buffer.concat([result.stdout, result.stderr]).subarray(0, quotedBytesMax).toString().trim();
  return {
    ok: false,
    message: `command ${JSON.stringify(command)} exited with ${result.exitCode}${output === '' ? '' : `: ${output}`}`,
  };
}

/** A named port resolves through the container's ports. */
export function resolvePort(port: IntOrString | undefined, container: Container): number {
  if (port?.intVal !== undefined && port.intVal > 0) return port.intVal;
  const named = container.ports?.find((candidate) => candidate.name === port?.strVal);
  if (named?.containerPort !== undefined) return named.containerPort;
  const numeric = Number(port?.strVal);
  if (Number.isInteger(numeric) && numeric > 0) return numeric;
  throw new Error(
    `port ${JSON.stringify(port?.strVal ?? port?.intVal ?? '')} is not a number or a named port of the container`,
  );
}

function httpProbe(
  action: NonNullable<Probe['httpGet']>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeResult> {
  const host = action.host !== undefined && action.host !== '' ? action.host : target.podIp;
  const port = resolvePort(action.port, target.container);
  const path = action.path !== undefined && action.path !== '' ? action.path : '/';
  const headers = Object.fromEntries(
    (action.httpHeaders ?? []).map((header) => [header.name ?? '', header.value ?? '']),
  );
  const send = action.scheme === 'HTTPS' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      { host, port, path, method: 'GET', headers, timeout: timeoutMs, rejectUnauthorized: false, agent: false },
      (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        const ok = status >= 200 && status < 400;
        resolve({ ok, message: ok ? '' : `HTTP probe failed with statuscode: ${status}` });
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`Get "http://${host}:${port}${path}": timeout after ${timeoutMs} ms`)),
    );
    request.on('error', (error) => resolve({ ok: false, message: error.message }));
    request.end();
  });
}

function tcpProbe(
  action: NonNullable<Probe['tcpSocket']>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeResult> {
  const host = action.host !== undefined && action.host !== '' ? action.host : target.podIp;
  const port = resolvePort(action.port, target.container);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (result: ProbeResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      finish({ ok: false, message: `dial tcp ${host}:${port}: timeout after ${timeoutMs} ms` }),
    );
    socket.on('connect', () => finish({ ok: true, message: '' }));
    socket.on('error', (error) => finish({ ok: false, message: `dial tcp ${host}:${port}: ${error.message}` }));
  });
}
