/**
 * One probe's result bookkeeping, as the kubelet keeps it: consecutive
 * successes and failures against successThreshold and failureThreshold. Pure.
 */
import type { Container } from '../../api/index.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export type Probe = NonNullable<Container['livenessProbe']>;

export interface ProbeTiming {
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** The probe's timing with Kubernetes' defaults for unset fields (and its rules: liveness and startup succeed once). */
export function probeTiming(probe: Probe, kind: ProbeKind): ProbeTiming {
  const positive = (value: number | undefined, fallback: number): number =>
    value !== undefined && value > 0 ? value : fallback;
  return {
    initialDelayMs: Math.max(0, probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: positive(probe.periodSeconds, 10) * 1000,
    timeoutMs: positive(probe.timeoutSeconds, 1) * 1000,
    successThreshold: kind === 'readiness' ? positive(probe.successThreshold, 1) : 1,
    failureThreshold: positive(probe.failureThreshold, 3),
  };
}

export interface ProbeState {
  /** The probe's verdict: passing or not. */
  readonly passing: boolean;
  readonly successes: number;
  readonly failures: number;
  /** The last failure's description, for Events and the status. */
  readonly lastMessage: string;
}

/** Before any result: readiness and startup are not passing yet; liveness is. */
export function initialProbeState(kind: ProbeKind): ProbeState {
  return { passing: kind === 'liveness', successes: 0, failures: 0, lastMessage: '' };
}

export function recordProbeResult(state: ProbeState, ok: boolean, message: string, timing: ProbeTiming): ProbeState {
  if (ok) {
    const successes = state.successes + 1;
    return {
      passing: state.passing || successes >= timing.successThreshold,
      successes,
      failures: 0,
      lastMessage: state.lastMessage,
    };
  }
  const failures = state.failures + 1;
  return { passing: state.passing && failures < timing.failureThreshold, successes: 0, failures, lastMessage: message };
}
