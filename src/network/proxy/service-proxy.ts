/**
 * The worker's service proxy: keeps its own nftables tables equal to what the
 * Services and Endpoints in the NetworkSource ask for. Level-triggered: a
 * change only names a Service; the proxy re-reads that Service and its
 * Endpoints from the cache, rebuilds its model, and applies the difference as
 * one nft transaction. Changes arriving within `coalesceMs` share a
 * transaction; while one runs, new changes wait for the next. A failed
 * incremental transaction falls back to a full sync (the kernel may hold
 * something other than we think); a failed full sync is retried with back-off.
 */
import type { NetworkChange } from '../network-source.js';
import { assertNetwork, errorMessage, NetworkError } from '../network-error.js';
import { silentProxyLogger, type ProxyLogger } from './proxy-logger.js';
import { renderDeleteTables } from './render-script.js';
import { ProxyRuleSet } from './rule-set.js';
import { buildServiceModel } from './service-model.js';
import {
  resolveServiceProxyOptions,
  type ResolvedProxyOptions,
  type ServiceProxyOptions,
} from './service-proxy-options.js';

export interface ServiceProxyStats {
  readonly syncs: number;
  readonly fullSyncs: number;
  readonly incrementalSyncs: number;
  /** nft runs that failed (each is followed by a full sync or a retry). */
  readonly failures: number;
  /** How long nft took for the last full / incremental transaction (undefined: none yet). */
  readonly lastFullSyncMs: number | undefined;
  readonly lastIncrementalMs: number | undefined;
  /** Services with rules in the table. */
  readonly services: number;
  /** Services left out because of servicesMax. */
  readonly skippedServices: number;
  /** Relevant changes received so far, and how many of them are in the kernel. */
  readonly receivedGeneration: number;
  readonly programmedGeneration: number;
}

interface Waiter {
  readonly generation: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** How often start() re-reads `synced()` in case a source does not notify on sync. */
const syncedPollMs = 50;

export class ServiceProxy {
  private readonly options: ResolvedProxyOptions;
  private readonly logger: ProxyLogger;
  private readonly rules: ProxyRuleSet;
  private readonly pending = new Set<string>();
  private readonly skipped = new Set<string>();
  private readonly lastWarnings = new Map<string, string>();
  private waiters: Waiter[] = [];
  private state: 'new' | 'waiting' | 'running' | 'stopped' = 'new';
  private unsubscribe: (() => void) | undefined;
  private syncedWaiter: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private needFull = true;
  private retryMs: number;
  private received = 0;
  private programmedGeneration = 0;
  private counters = { syncs: 0, fullSyncs: 0, incrementalSyncs: 0, failures: 0 };
  private lastFullSyncMs: number | undefined;
  private lastIncrementalMs: number | undefined;

  constructor(options: ServiceProxyOptions) {
    this.options = resolveServiceProxyOptions(options);
    this.logger = this.options.logger ?? silentProxyLogger;
    this.rules = new ProxyRuleSet(this.options.tableName, this.options.shards);
    this.retryMs = this.options.retryMinMs;
  }

  /**
   * Waits until the source is synced, then programs the whole table. Rejects if
   * that first full sync fails; the proxy then keeps retrying until stop().
   */
  async start(): Promise<void> {
    assertNetwork(this.state === 'new', 'ServiceProxy.start called twice');
    this.state = 'waiting';
    this.unsubscribe = this.options.source.subscribe((changes) => this.onChanges(changes));
    await this.waitForSynced();
    this.state = 'running';
    this.running = this.fullSync();
    try {
      await this.running;
    } catch (error: unknown) {
      this.failed(error);
      throw error;
    } finally {
      this.running = undefined;
      this.afterRound();
    }
  }

  /** Resolves once every change received before the call is in the kernel. */
  programmed(): Promise<void> {
    if (this.state === 'stopped') return Promise.reject(new NetworkError('closed', 'service proxy stopped'));
    const generation = this.received;
    if (!this.needFull && this.programmedGeneration >= generation) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ generation, resolve, reject }));
  }

  stats(): ServiceProxyStats {
    return {
      ...this.counters,
      lastFullSyncMs: this.lastFullSyncMs,
      lastIncrementalMs: this.lastIncrementalMs,
      services: this.rules.serviceCount,
      skippedServices: this.skipped.size,
      receivedGeneration: this.received,
      programmedGeneration: this.programmedGeneration,
    };
  }

  /** Stops reacting to changes, removes the base table and every shard, then closes the executor. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const hadStarted = this.state !== 'new';
    this.state = 'stopped';
    this.unsubscribe?.();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.syncedWaiter?.reject(new NetworkError('closed', 'service proxy stopped before the source synced'));
    await this.running?.catch(() => undefined);
    for (const waiter of this.waiters) waiter.reject(new NetworkError('closed', 'service proxy stopped'));
    this.waiters = [];
    try {
      if (hadStarted) await this.options.executor.run(renderDeleteTables(this.options.tableName));
    } finally {
      await this.options.executor.close?.();
    }
  }

  private waitForSynced(): Promise<void> {
    if (this.options.source.synced()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        if (this.options.source.synced()) this.syncedWaiter?.resolve();
      }, syncedPollMs);
      const done = (): void => {
        clearInterval(poll);
        this.syncedWaiter = undefined;
      };
      this.syncedWaiter = {
        resolve: () => {
          done();
          resolve();
        },
        reject: (error) => {
          done();
          reject(error);
        },
      };
    });
  }

  private onChanges(changes: readonly NetworkChange[]): void {
    let relevant = false;
    for (const change of changes) {
      if (change.kind !== 'Service' && change.kind !== 'Endpoints') continue;
      this.pending.add(`${change.namespace}/${change.name}`);
      relevant = true;
    }
    if (relevant) this.received += 1;
    if (this.state === 'waiting' && this.options.source.synced()) this.syncedWaiter?.resolve();
    if (relevant) this.schedule(this.options.coalesceMs);
  }

  private schedule(delayMs: number): void {
    if (this.state !== 'running' || this.timer !== undefined || this.running !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.syncRound().finally(() => {
        this.running = undefined;
        this.afterRound();
      });
    }, delayMs);
  }

  private afterRound(): void {
    if (this.needFull) this.schedule(this.retryMs);
    else if (this.pending.size > 0) this.schedule(this.options.coalesceMs);
  }

  private async syncRound(): Promise<void> {
    try {
      if (this.needFull) await this.fullSync();
      else await this.incrementalSync();
    } catch (error: unknown) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.needFull = true;
    this.logger.error(
      { error: errorMessage(error), retryMs: this.retryMs },
      'full sync of service rules failed; retrying',
    );
    this.retryMs = Math.min(this.retryMs * 2, this.options.retryMaxMs);
  }

  private async fullSync(): Promise<void> {
    const generation = this.received;
    this.pending.clear();
    const seen = new Set<string>();
    for (const service of this.options.source.services()) {
      const key = `${service.metadata?.namespace ?? ''}/${service.metadata?.name ?? ''}`;
      seen.add(key);
      this.refresh(key);
    }
    for (const key of [...this.rules.keys()]) if (!seen.has(key)) this.rules.update(key, undefined);
    for (const key of [...this.skipped]) if (!seen.has(key)) this.skipped.delete(key);
    const script = this.rules.renderFull();
    const durationMs = await this.apply(script);
    this.needFull = false;
    this.retryMs = this.options.retryMinMs;
    this.counters.fullSyncs += 1;
    this.lastFullSyncMs = durationMs;
    this.logConflicts();
    this.done({ kind: 'full', durationMs, generation, services: seen.size, scriptBytes: script.length });
  }

  private async incrementalSync(): Promise<void> {
    const generation = this.received;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) this.refresh(key);
    // room freed by removals goes to Services that were turned away
    if (this.skipped.size > 0 && this.rules.serviceCount < this.options.servicesMax)
      for (const key of this.skipped) this.pending.add(key);
    const script = this.rules.renderIncremental();
    if (script === '')
      return this.done({ kind: 'incremental', durationMs: 0, generation, services: keys.length, scriptBytes: 0 });
    let durationMs: number;
    try {
      durationMs = await this.apply(script);
    } catch (error: unknown) {
      this.logger.warn(
        { error: errorMessage(error), services: keys.length },
        'incremental sync failed; doing a full sync',
      );
      return this.fullSync();
    }
    this.counters.incrementalSyncs += 1;
    this.lastIncrementalMs = durationMs;
    if (keys.length > 0 && this.rules.conflicts().length > 0) this.logConflicts();
    this.done({ kind: 'incremental', durationMs, generation, services: keys.length, scriptBytes: script.length });
  }

  private async apply(script: string): Promise<number> {
    const started = performance.now();
    try {
      await this.options.executor.run(script);
    } catch (error: unknown) {
      this.counters.failures += 1;
      throw error;
    }
    this.counters.syncs += 1;
    return performance.now() - started;
  }

  /** Re-reads one Service and its Endpoints from the cache and stores its new model. */
  private refresh(key: string): void {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const service = this.options.source.service(namespace, name);
    let model =
      service === undefined
        ? undefined
        : buildServiceModel(service, this.options.source.endpoints(namespace, name), this.options.rules);
    if (model !== undefined && !this.rules.has(key) && this.rules.serviceCount >= this.options.servicesMax) {
      if (!this.skipped.has(key))
        this.logger.warn(
          { service: key, servicesMax: this.options.servicesMax },
          'too many services: not programming this one',
        );
      this.skipped.add(key);
      model = undefined;
    } else {
      this.skipped.delete(key);
    }
    this.logWarnings(key, model?.warnings ?? []);
    this.rules.update(key, model);
  }

  private logWarnings(key: string, warnings: readonly string[]): void {
    const text = warnings.join('; ');
    if (text === (this.lastWarnings.get(key) ?? '')) return;
    if (text === '') this.lastWarnings.delete(key);
    else {
      this.lastWarnings.set(key, text);
      this.logger.warn({ service: key, warnings }, 'parts of a service cannot be programmed');
    }
  }

  private logConflicts(): void {
    for (const conflict of this.rules.conflicts().slice(0, 10)) {
      this.logger.warn(
        { element: conflict.element, services: conflict.services },
        'services claim the same address and port; the first one wins',
      );
    }
  }

  private done(event: Parameters<NonNullable<ServiceProxyOptions['onProgrammed']>>[0]): void {
    this.programmedGeneration = Math.max(this.programmedGeneration, event.generation);
    const ready = this.waiters.filter((waiter) => waiter.generation <= this.programmedGeneration);
    this.waiters = this.waiters.filter((waiter) => waiter.generation > this.programmedGeneration);
    for (const waiter of ready) waiter.resolve();
    this.options.onProgrammed?.(event);
    if (event.kind === 'full')
      this.logger.info(
        { durationMs: Math.round(event.durationMs), services: event.services },
        'service rules programmed (full sync)',
      );
  }
}
