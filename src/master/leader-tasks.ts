/**
 * The leader-task host. Components (the scheduler and controllers, later)
 * register tasks that run only while this master is the Raft leader: each starts
 * on election with the leader's term and an AbortSignal, and is aborted and
 * awaited when leadership is lost, before tasks of a later term start. Every
 * write a task makes carries its term as the transaction's fence, so an entry a
 * deposed leader's task proposed can never apply (the state machine rejects it).
 *
 * Tasks start only after a barrier of the new term has applied. A new leader
 * holds every committed entry, but it learns that the last ones are committed
 * (and applies them) only once an entry of its own term commits: until then its
 * state may miss the previous leader's last writes, and a controller deciding on
 * it would create a pod that already exists or overrun a rollout's surge.
 */
import { setMaxListeners } from 'node:events';
import { leaderUser } from '../auth/index.js';
import { isRaftError, type LeaderChange, type RaftNode } from '../raft/index.js';
import { MasterError } from './master-error.js';
import type { ObjectCore, TransactOutcome } from './object-core.js';
import type { ObjectOperation } from './object-request.js';

export interface LeaderTaskContext {
  /** The term this master leads in; the fence of every write made through this context. */
  readonly term: number;
  /** Aborted when leadership is lost or the master closes: stop promptly. */
  readonly signal: AbortSignal;
  /** All-or-nothing writes through the object core, fenced by `term`; objects come back opened. */
  transact(operations: readonly ObjectOperation[]): Promise<TransactOutcome>;
}

export interface LeaderTask {
  readonly name: string;
  run(context: LeaderTaskContext): Promise<void>;
}

export interface LeaderTasksOptions {
  readonly node: RaftNode;
  /** Where the tasks' writes go: the master's one write path. */
  readonly core: Pick<ObjectCore, 'transact'>;
  readonly onTaskError?: (task: string, error: unknown) => void;
}

const tasksListenersMax = 256;

interface Running {
  readonly term: number;
  readonly controller: AbortController;
  readonly done: Promise<void>[];
  /** The term's barrier has applied: tasks may run. */
  caughtUp: boolean;
}

/** One barrier attempt waits this long for its noop to apply before trying again. */
const barrierTimeoutMs = 2000;

export class LeaderTasks {
  private readonly tasks = new Map<string, LeaderTask>();
  private running: Running | null = null;
  /** Transitions run one after another: stop the old term's tasks fully, then start the new term's. */
  private transition: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(private readonly options: LeaderTasksOptions) {}

  /** Add a task; it starts at once when this master leads. Returns a function that removes it (not stopping a running instance). */
  register(task: LeaderTask): () => void {
    if (this.tasks.has(task.name))
      throw new MasterError('invalid-argument', `a leader task named ${task.name} is already registered`);
    this.tasks.set(task.name, task);
    if (this.running?.caughtUp === true) this.launch(task, this.running);
    return () => {
      this.tasks.delete(task.name);
    };
  }

  /** Follow the node's leadership from now on. */
  start(): void {
    this.unsubscribe = this.options.node.leaderChanges.subscribe((change) => this.onLeaderChange(change));
    if (this.options.node.state === 'leader')
      this.onLeaderChange({ term: this.options.node.stats().term, leader: this.options.node.leader, isSelf: true });
  }

  /** The term whose tasks are running, or null. */
  get runningTerm(): number | null {
    return this.running?.term ?? null;
  }

  /** Resolves once every change of leadership seen so far has been acted on. */
  settled(): Promise<void> {
    return this.transition;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    // A term still waiting for its barrier stops waiting.
    this.running?.controller.abort(new MasterError('closed', 'the master is closing'));
    this.transition = this.transition.then(() => this.stopRunning());
    await this.transition;
  }

  private onLeaderChange(change: LeaderChange): void {
    this.transition = this.transition.then(async () => {
      const leads = change.isSelf && this.options.node.state === 'leader' && !this.closed;
      if (this.running !== null && (!leads || this.running.term !== change.term)) await this.stopRunning();
      if (leads && this.running === null) await this.startTerm(change.term);
    });
  }

  private async startTerm(term: number): Promise<void> {
    const running: Running = { term, controller: new AbortController(), done: [], caughtUp: false };
    // Every task (and its client, loops and informers) listens on the one term signal: a few each, bounded by the tasks.
    setMaxListeners(tasksListenersMax, running.controller.signal);
    this.running = running;
    // Leadership lost meanwhile: the change that says so is queued and stops this term.
    if (!(await this.catchUp(running))) return;
    running.caughtUp = true;
    for (const task of this.tasks.values()) this.launch(task, running);
  }

  /** Applies a barrier of `running`'s term; false once that term is over (or the master closes) first. */
  private async catchUp(running: Running): Promise<boolean> {
    const { node } = this.options;
    const aborted = new Promise<false>((resolve) =>
      running.controller.signal.addEventListener('abort', () => resolve(false), { once: true }),
    );
    for (;;) {
      if (running.controller.signal.aborted || node.state !== 'leader' || node.stats().term !== running.term)
        return false;
      const attempt = node.barrier({ timeoutMs: barrierTimeoutMs }).then(
        () => true,
        (error: unknown) => {
          // Only a barrier that timed out is worth another try; any other failure means this term's leadership is over.
          if (isRaftError(error, 'timeout')) return null;
          return false;
        },
      );
      const outcome = await Promise.race([attempt, aborted]);
      if (outcome !== null) return outcome;
    }
  }

  private launch(task: LeaderTask, running: Running): void {
    const context: LeaderTaskContext = {
      term: running.term,
      signal: running.controller.signal,
      transact: (operations) => this.transact(operations, running),
    };
    running.done.push(
      task.run(context).catch((error: unknown) => {
        if (!running.controller.signal.aborted) this.options.onTaskError?.(task.name, error);
      }),
    );
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    if (running === null) return;
    running.controller.abort(new MasterError('not-leader', `leadership of term ${running.term} is over`));
    await Promise.all(running.done);
    this.running = null;
  }

  private transact(operations: readonly ObjectOperation[], running: Running): Promise<TransactOutcome> {
    return this.options.core.transact(operations, {
      caller: leaderUser,
      fence: { term: running.term, signal: running.controller.signal },
    });
  }
}
