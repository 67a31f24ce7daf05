/**
 * Certificates renew themselves: a timer fires at the time the holder names
 * (about 2/3 of the certificate's life), runs the renewal (a new key, a CSR,
 * the signed certificate swapped into the live TlsIdentity: no restart), and
 * schedules the next one from the new certificate. A failed renewal is tried
 * again after `retryMs` until it works or the process stops.
 */
export interface CertificateRenewalOptions {
  /** When the current certificate should be renewed. */
  readonly renewAt: () => Date;
  /** Make and install a new certificate. */
  readonly renew: () => Promise<void>;
  readonly onRenewed?: () => void;
  readonly onError?: (error: unknown) => void;
  /** Default 5 s. */
  readonly retryMs?: number;
  readonly now?: () => number;
}

/** Node's timers take at most 2^31-1 ms; a later time is reached in several steps. */
const timerMaxMs = 2_147_483_647;

/** Start renewing; the answer stops it. */
export function startCertificateRenewal(options: CertificateRenewalOptions): () => void {
  const now = options.now ?? Date.now;
  const retryMs = options.retryMs ?? 5_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(tick, Math.max(0, Math.min(delayMs, timerMaxMs)));
    timer.unref();
  };
  const tick = (): void => {
    const due = options.renewAt().getTime() - now();
    if (due > 0) {
      schedule(due);
      return;
    }
    options.renew().then(
      () => {
        options.onRenewed?.();
        schedule(options.renewAt().getTime() - now());
      },
      (error: unknown) => {
        options.onError?.(error);
        schedule(retryMs);
      },
    );
  };
  schedule(options.renewAt().getTime() - now());
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
