/**
 * The probes of one running container instance, on timers: startup first (when
 * there is one), then liveness and readiness, each at its initial delay after the
 * container started and then every period. Tells the owner when a verdict flips.
 */
import type { ProbeView } from '../pod-sync/pod-sync-types.js';
import { runProbe, type ProbeResult, type ProbeTarget } from './probe-check.js';
import {
  initialProbeState,
  probeTiming,
  recordProbeResult,
  type Probe,
  type ProbeKind,
  type ProbeState,
  type ProbeTiming,
} from './probe-state.js';

export interface ProberClock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemProberClock: ProberClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ContainerProberOptions {
  readonly target: ProbeTarget;
  readonly startedAtMs: number;
  readonly clock: ProberClock;
  /** Called when a verdict changes (the pod needs a sync). */
  readonly onChange: (kind: ProbeKind, state: ProbeState) => void;
  /** Runs one check; tests replace it with a scripted one. */
  readonly run?: (probe: Probe, target: ProbeTarget, timeoutMs: number) => Promise<ProbeResult>;
}

interface ProbeLoop {
  readonly kind: ProbeKind;
  readonly probe: Probe;
  readonly timing: ProbeTiming;
  state: ProbeState;
  timer: unknown;
}

export class ContainerProber {
  private readonly loops = new Map<ProbeKind, ProbeLoop>();
  private stopped = false;

  constructor(private readonly options: ContainerProberOptions) {
    const container = options.target.container;
    const probes: [ProbeKind, Probe | undefined][] = [
      ['startup', container.startupProbe],
      ['liveness', container.livenessProbe],
      ['readiness', container.readinessProbe],
    ];
    for (const [kind, probe] of probes) {
      if (probe === undefined) continue;
      this.loops.set(kind, {
        kind,
        probe,
        timing: probeTiming(probe, kind),
        state: initialProbeState(kind),
        timer: undefined,
      });
    }
    const startup = this.loops.get('startup');
    if (startup !== undefined) this.schedule(startup, this.firstDelayMs(startup));
    else this.startAfterStartup();
  }

  view(): ProbeView {
    const startup = this.loops.get('startup');
    const liveness = this.loops.get('liveness');
    const readiness = this.loops.get('readiness');
    const started = startup === undefined || startup.state.passing;
    const startupFailed =
      startup !== undefined && !startup.state.passing && startup.state.failures >= startup.timing.failureThreshold;
    const livenessFailed = liveness !== undefined && !liveness.state.passing;
    const failed = startupFailed ? startup : livenessFailed ? liveness : undefined;
    return {
      started,
      ready: started && (readiness === undefined || readiness.state.passing),
      mustRestart: failed !== undefined,
      restartMessage:
        failed === undefined ? '' : `${capitalized(failed.kind)} probe failed: ${failed.state.lastMessage}`,
    };
  }

  stop(): void {
    this.stopped = true;
    for (const loop of this.loops.values()) this.options.clock.clearTimer(loop.timer);
  }

  private startAfterStartup(): void {
    for (const kind of ['liveness', 'readiness'] as const) {
      const loop = this.loops.get(kind);
      if (loop !== undefined) this.schedule(loop, this.firstDelayMs(loop));
    }
  }

  private firstDelayMs(loop: ProbeLoop): number {
    return Math.max(0, this.options.startedAtMs + loop.timing.initialDelayMs - this.options.clock.now());
  }

  private schedule(loop: ProbeLoop, delayMs: number): void {
    if (this.stopped) return;
    loop.timer = this.options.clock.setTimer(() => void this.runOnce(loop), delayMs);
  }

  private async runOnce(loop: ProbeLoop): Promise<void> {
    const run = this.options.run ?? runProbe;
    const result = await run(loop.probe, this.options.target, loop.timing.timeoutMs);
    if (this.stopped) return;
    const before = loop.state;
    loop.state = recordProbeResult(before, result.ok, result.message, loop.timing);
    const flipped = before.passing !== loop.state.passing;
    const gaveUp =
      loop.kind === 'startup' && !loop.state.passing && loop.state.failures >= loop.timing.failureThreshold;
    if (flipped || gaveUp) this.options.onChange(loop.kind, loop.state);
    if (loop.kind === 'startup' && loop.state.passing) {
      this.startAfterStartup();
      return;
    }
    // A failed liveness or startup verdict ends this instance; its restart gets a new prober.
    if ((loop.kind === 'liveness' && !loop.state.passing) || gaveUp) return;
    this.schedule(loop, loop.timing.periodMs);
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
