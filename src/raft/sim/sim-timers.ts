/**
 * The production node's clock in the simulator: every timer is an event on the
 * simulation's virtual clock, running at this server's own rate (oscillators
 * drift), and dies with the process that set it: a crashed server's timers never
 * fire. setImmediate is an event at the current virtual time, after the ones
 * already due, as a turn of the event loop comes after the current one.
 */
import type { Timers } from '../timers.js';

/** The simulation's agenda as one process sees it. */
export interface VirtualClock {
  now(): number;
  /** Run `action` at `timeMs` (not before now) unless the process has died by then. */
  at(timeMs: number, label: string, action: () => void): void;
}

interface Handle {
  cancelled: boolean;
}

export interface SimTimersOptions {
  readonly server: string;
  /** Virtual milliseconds per millisecond this server's clock counts (1.1: a slow clock). */
  readonly rate: number;
}

export class SimTimers implements Timers {
  constructor(
    private readonly clock: VirtualClock,
    private readonly options: SimTimersOptions,
  ) {}

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle: Handle = { cancelled: false };
    this.clock.at(this.after(delayMs), `timer ${this.options.server}`, () => {
      if (!handle.cancelled) callback();
    });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    (handle as Handle).cancelled = true;
  }

  setInterval(callback: () => void, periodMs: number): unknown {
    const handle: Handle = { cancelled: false };
    const fire = (): void => {
      if (handle.cancelled) return;
      this.clock.at(this.after(periodMs), `tick ${this.options.server}`, fire);
      callback();
    };
    this.clock.at(this.after(periodMs), `tick ${this.options.server}`, fire);
    return handle;
  }

  clearInterval(handle: unknown): void {
    (handle as Handle).cancelled = true;
  }

  setImmediate(callback: () => void): void {
    this.clock.at(this.clock.now(), `turn ${this.options.server}`, callback);
  }

  now(): number {
    return this.clock.now();
  }

  private after(delayMs: number): number {
    return this.clock.now() + Math.max(0, delayMs) * this.options.rate;
  }
}
