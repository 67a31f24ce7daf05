/**
 * The master's Prometheus metrics. Each MasterMetrics owns its own Registry (never
 * prom-client's global one) so several masters can live in one process (tests,
 * `orca up --masters 3` in-process variants) without clashing names.
 *
 * Counters and histograms are pushed by the master as things happen; the Raft and
 * watch gauges are pulled from one `gauges()` callback, once per scrape, so a
 * scrape shows one consistent reading of term and indexes.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MasterTypedError } from './master-error.js';

/** What the master reports at scrape time. */
export interface MasterGaugeValues {
  readonly term: number;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  readonly lastIndex: number;
  /** Times this replica has seen the leader change since it started (monotonic). */
  readonly leaderChanges: number;
  readonly isLeader: boolean;
  /** Open watch streams served by this master. */
  readonly watchers: number;
}

export interface MasterMetricsOptions {
  /** Read at every scrape; must be cheap and must not block. */
  readonly gauges: () => MasterGaugeValues;
  /** Also export Node process metrics (CPU, memory, event-loop lag, GC) with the `orca_` prefix. */
  readonly processMetrics: boolean;
  /** Distinct (method, code) pairs kept; further pairs are counted under method "other". */
  readonly requestSeriesMax: number;
}

export const defaultMasterMetricsOptions = { processMetrics: true, requestSeriesMax: 512 } as const;

/** Seconds: from a local read (sub-millisecond) to a proposal waiting out an election. */
const latencyBucketsSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const requestSeriesLimit = 100_000;

export class MetricsError extends MasterTypedError<'invalid-options' | 'invalid-observation'> {
  override readonly name = 'MetricsError';
  constructor(code: 'invalid-options' | 'invalid-observation', message: string) {
    super(code, message);
  }
}

export function validateMasterMetricsOptions(options: MasterMetricsOptions): void {
  if (typeof options.gauges !== 'function') throw new MetricsError('invalid-options', 'gauges: must be a function');
  const max = options.requestSeriesMax;
  if (!Number.isInteger(max) || max < 1 || max > requestSeriesLimit) {
    throw new MetricsError(
      'invalid-options',
      `requestSeriesMax: must be an integer from 1 to ${requestSeriesLimit}, got ${max}`,
    );
  }
}

export class MasterMetrics {
  /** This master's registry: render it, or merge it into another. */
  readonly registry = new Registry();
  readonly #options: MasterMetricsOptions;
  readonly #requestSeries = new Set<string>();
  readonly #requests: Counter<'method' | 'code'>;
  readonly #requestSeconds: Histogram<'method' | 'code'>;
  readonly #proposalSeconds: Histogram;
  readonly #gauges: RaftGauges;

  constructor(options: Pick<MasterMetricsOptions, 'gauges'> & Partial<MasterMetricsOptions>) {
    this.#options = { ...defaultMasterMetricsOptions, ...options };
    validateMasterMetricsOptions(this.#options);
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'orca_api_requests_total',
      help: 'API calls handled, by method and gRPC status code.',
      labelNames: ['method', 'code'],
      registers,
    });
    this.#requestSeconds = new Histogram({
      name: 'orca_api_request_duration_seconds',
      help: 'API call latency, by method and gRPC status code.',
      labelNames: ['method', 'code'],
      buckets: latencyBucketsSeconds,
      registers,
    });
    this.#proposalSeconds = new Histogram({
      name: 'orca_raft_proposal_duration_seconds',
      help: 'Time from proposing a write to its being applied.',
      buckets: latencyBucketsSeconds,
      registers,
    });
    this.#gauges = createRaftGauges(this.registry);
    if (this.#options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'orca_' });
  }

  /** One API call finished: `code` is a gRPC status (number or name, e.g. 0 or "OK"). */
  observeRequest(method: string, code: number | string, seconds: number): void {
    checkSeconds(seconds);
    const labels = this.requestLabels(method, statusName(code));
    this.#requests.inc(labels);
    this.#requestSeconds.observe(labels, seconds);
  }

  /** One proposal went from propose to applied (or failed) in this many seconds. */
  observeProposal(seconds: number): void {
    checkSeconds(seconds);
    this.#proposalSeconds.observe(seconds);
  }

  /** The Prometheus text exposition, with the gauges read now. */
  async render(): Promise<string> {
    this.#gauges.update(this.#options.gauges());
    return this.registry.metrics();
  }

  /** The Content-Type of `render()`'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Bounds label cardinality: a caller passing unbounded method names cannot grow memory without limit. */
  private requestLabels(method: string, code: string): { method: string; code: string } {
    const series = `${method}\0${code}`;
    if (this.#requestSeries.has(series)) return { method, code };
    if (this.#requestSeries.size < this.#options.requestSeriesMax) {
      this.#requestSeries.add(series);
      return { method, code };
    }
    return { method: 'other', code };
  }
}

interface RaftGauges {
  update(values: MasterGaugeValues): void;
}

function createRaftGauges(registry: Registry): RaftGauges {
  const registers = [registry];
  const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, registers });
  const term = gauge('orca_raft_term', 'Current Raft term of this replica.');
  const commitIndex = gauge('orca_raft_commit_index', 'Highest log index this replica knows to be committed.');
  const appliedIndex = gauge('orca_raft_applied_index', "Highest log index applied to this replica's state.");
  const lastIndex = gauge('orca_raft_last_index', "Highest log index in this replica's log.");
  const isLeader = gauge('orca_raft_is_leader', '1 while this replica is the Raft leader, else 0.');
  const watchers = gauge('orca_watchers', 'Open watch streams served by this master.');
  // A counter so rate() and increase() work; its value comes from Raft, so it is set, not incremented.
  const leaderChanges = new Counter({
    name: 'orca_raft_leader_changes_total',
    help: 'Leader changes seen by this replica since it started.',
    registers,
  });
  return {
    update(values: MasterGaugeValues): void {
      term.set(values.term);
      commitIndex.set(values.commitIndex);
      appliedIndex.set(values.appliedIndex);
      lastIndex.set(values.lastIndex);
      isLeader.set(values.isLeader ? 1 : 0);
      watchers.set(values.watchers);
      leaderChanges.reset();
      leaderChanges.inc(Math.max(0, values.leaderChanges));
    },
  };
}

function statusName(code: number | string): string {
  if (typeof code === 'string') return code;
  const name: unknown = grpcStatus[code];
  return typeof name === 'string' ? name : String(code);
}

function checkSeconds(seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new MetricsError('invalid-observation', `seconds: must be a finite number >= 0, got ${seconds}`);
  }
}
