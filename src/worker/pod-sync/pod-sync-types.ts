// The values the pod sync core reads and returns.
import type { Pod } from '../../api/index.js';
import type { ContainerInfo, SandboxInfo } from '../runtime/runtime.js';
import type { BackoffEntry } from './backoff.js';

/** What the prober knows about one running container. */
export interface ProbeView {
  /** The startup probe passed (true when there is none). */
  readonly started: boolean;
  /** The readiness probe passes (true when there is none, once started). */
  readonly ready: boolean;
  /** The liveness (or startup) probe failed its threshold: the container must be restarted. */
  readonly mustRestart: boolean;
  /** Why, for the Event and the status. */
  readonly restartMessage: string;
}

/** A failed start of one container before it ran (image pull, missing config), kept by the shell. */
export interface PullFailure {
  /** image: the pull failed; config: a ConfigMap, Secret, key or volume it needs is missing. */
  readonly cause: 'image' | 'config';
  readonly message: string;
  readonly backoff: BackoffEntry;
}

export interface PodSyncInput {
  readonly pod: Pod;
  /** The pod is gone from the API or marked for deletion: stop everything. */
  readonly deleting: boolean;
  /** This pod's sandboxes and containers as the runtime reports them. */
  readonly sandboxes: readonly SandboxInfo[];
  readonly containers: readonly ContainerInfo[];
  readonly nowMs: number;
  /** Restart back-off per container name. */
  readonly restartBackoff: ReadonlyMap<string, BackoffEntry>;
  readonly pullFailures: ReadonlyMap<string, PullFailure>;
  /** Per container id. */
  readonly probes: ReadonlyMap<string, ProbeView>;
  readonly hostIp: string;
  /** Prefix of containerID in the status, e.g. "containerd". */
  readonly runtimeScheme: string;
}

export type PodAction =
  | { readonly kind: 'killPod'; readonly gracePeriodSeconds: number; readonly reason: string }
  | { readonly kind: 'createSandbox'; readonly attempt: number }
  | { readonly kind: 'stopSandbox'; readonly sandboxId: string }
  | { readonly kind: 'removeSandbox'; readonly sandboxId: string }
  | {
      readonly kind: 'startContainer';
      readonly sandboxId: string;
      readonly name: string;
      readonly init: boolean;
      readonly attempt: number;
    }
  | {
      readonly kind: 'killContainer';
      readonly containerId: string;
      readonly name: string;
      readonly gracePeriodSeconds: number;
      readonly reason: string;
    }
  | { readonly kind: 'removeContainer'; readonly containerId: string };

export type PodStatus = NonNullable<Pod['status']>;

export interface PodSyncPlan {
  readonly actions: PodAction[];
  /** Undefined while deleting: nobody reads it any more. */
  readonly status: PodStatus | undefined;
  /** The restart back-off after the planned restarts. */
  readonly restartBackoff: Map<string, BackoffEntry>;
  /** When a back-off ends and the pod should be synced again; 0 when nothing waits. */
  readonly wakeAtMs: number;
}
