/**
 * Simulated clients: each issues one key-value operation at a time to the server
 * it believes leads, retries elsewhere only on a definite rejection, gives up
 * after a timeout (the outcome is then unknown), and records what it saw.
 */
import type { ServerId } from '../types.js';
import type { KvInput, KvOperation } from './kv-model.js';
import type { Random } from './random.js';
import type { ClientReply } from './replica.js';

export interface ClientEnvironment {
  readonly keys: readonly string[];
  readonly operationTimeoutMs: number;
  now(): number;
  servers(): readonly ServerId[];
  /** Deliver `input` to `server`; `reply` is called (after network delay) unless the request is lost. */
  request(server: ServerId, input: KvInput, reply: (reply: ClientReply) => void): void;
  later(delayMs: number, label: string, action: () => void): void;
  /** False once the run stops issuing operations (history full or run ending). */
  accepting(): boolean;
  record(operation: KvOperation): void;
}

interface InFlight {
  readonly input: KvInput;
  readonly call: number;
  finished: boolean;
}

const retryDelayMinMs = 5;
const retryDelayMaxMs = 30;
const thinkTimeMaxMs = 20;

export class SimClient {
  private leaderGuess: ServerId | null = null;
  private current: InFlight | null = null;
  private sequence = 0;
  /** The last value this client saw per key: what its compare-and-swaps expect. */
  private readonly seen = new Map<string, string | null>();

  constructor(
    readonly id: number,
    private readonly random: Random,
    private readonly environment: ClientEnvironment,
  ) {}

  start(): void {
    this.environment.later(this.random.between(0, thinkTimeMaxMs), `client ${this.id} begins`, () => this.next());
  }

  private next(): void {
    if (!this.environment.accepting()) return;
    const operation: InFlight = { input: this.chooseInput(), call: this.environment.now(), finished: false };
    this.current = operation;
    this.attempt(operation);
    this.environment.later(this.environment.operationTimeoutMs, `client ${this.id} timeout`, () => {
      if (operation.finished) return;
      this.finish(operation, {
        clientId: this.id,
        input: operation.input,
        output: undefined,
        call: operation.call,
        return: Infinity,
      });
      this.leaderGuess = null;
    });
  }

  /** The run is over: an operation still in flight may or may not have taken effect. */
  abandon(): void {
    const operation = this.current;
    if (operation === null || operation.finished) return;
    operation.finished = true;
    this.environment.record({
      clientId: this.id,
      input: operation.input,
      output: undefined,
      call: operation.call,
      return: Infinity,
    });
  }

  private chooseInput(): KvInput {
    const key = this.random.pick(this.environment.keys);
    this.sequence += 1;
    const value = `${this.id}.${this.sequence}`;
    const dice = this.random.below(10);
    if (dice < 3) return { op: 'get', key };
    if (dice < 6) return { op: 'put', key, value };
    if (dice < 9) return { op: 'cas', key, expected: this.seen.get(key) ?? null, value };
    return { op: 'delete', key };
  }

  private attempt(operation: InFlight): void {
    if (operation.finished) return;
    const servers = this.environment.servers();
    if (servers.length === 0) return;
    const target =
      this.leaderGuess !== null && servers.includes(this.leaderGuess) ? this.leaderGuess : this.random.pick(servers);
    this.environment.request(target, operation.input, (reply) => this.onReply(operation, target, reply));
  }

  private onReply(operation: InFlight, target: ServerId, reply: ClientReply): void {
    if (operation.finished) return;
    if (reply.type === 'done') {
      this.leaderGuess = target;
      this.remember(operation.input, reply);
      this.finish(operation, {
        clientId: this.id,
        input: operation.input,
        output: reply.output,
        call: operation.call,
        return: this.environment.now(),
      });
      return;
    }
    this.leaderGuess = reply.leader !== null && reply.leader !== target ? reply.leader : null;
    this.environment.later(this.random.between(retryDelayMinMs, retryDelayMaxMs), `client ${this.id} retry`, () =>
      this.attempt(operation),
    );
  }

  private remember(input: KvInput, reply: ClientReply & { type: 'done' }): void {
    const output = reply.output;
    if (output.op === 'get') this.seen.set(input.key, output.value);
    else if (input.op === 'put') this.seen.set(input.key, input.value);
    else if (input.op === 'delete') this.seen.set(input.key, null);
    else if (input.op === 'cas' && output.op === 'cas' && output.ok) this.seen.set(input.key, input.value);
  }

  private finish(operation: InFlight, record: KvOperation): void {
    operation.finished = true;
    this.environment.record(record);
    this.environment.later(this.random.between(0, thinkTimeMaxMs), `client ${this.id} next`, () => this.next());
  }
}
