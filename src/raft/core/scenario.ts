/**
 * The interpreter of the scenario files in testdata/ (etcd-raft's interaction
 * tests, as data): each command drives a TestCluster and returns its transcript.
 */
import type { CoreConfig } from '../config.js';
import { isRaftError } from '../errors.js';
import type { LogEntry, Message } from '../types.js';
import { decodeConfiguration, voters } from '../types.js';
import type { ConfigurationChange } from './api.js';
import { commandData, TestCluster } from './testing.js';

const textDecoder = new TextDecoder();

export class ScenarioRunner {
  private cluster: TestCluster;
  private transcript: string[] = [];

  constructor(
    private readonly seed: number,
    private readonly config: Partial<CoreConfig> = {},
  ) {
    this.cluster = this.newCluster();
  }

  /** Run one command line; returns its output lines (or 'ok'). */
  run(line: string): string {
    this.transcript = [];
    const [command = '', ...args] = line.trim().split(/\s+/);
    try {
      this.execute(command, args);
    } catch (error: unknown) {
      if (!isRaftError(error)) throw error;
      this.transcript.push(`error ${error.code}`);
    }
    return this.transcript.length === 0 ? 'ok' : this.transcript.join('\n');
  }

  private newCluster(): TestCluster {
    return new TestCluster({
      seed: this.seed,
      config: this.config,
      onMessage: (message, delivered) =>
        this.transcript.push(`${describeMessage(message)}${delivered ? '' : '  DROPPED'}`),
      onSoftState: (id, soft) =>
        this.transcript.push(`${id} is ${soft.role} term=${soft.term} leader=${soft.leaderId ?? '-'}`),
    });
  }

  private execute(command: string, args: string[]): void {
    const cluster = this.cluster;
    const id = args[0] ?? '';
    switch (command) {
      case 'add-nodes':
        return cluster.addVoters(Array.from({ length: Number(id) }, (_, n) => String(n + 1)));
      case 'add-empty-node':
        return void cluster.addEmptyNode(id);
      case 'campaign':
        return cluster.node(id).core.campaign();
      case 'tick':
        return cluster.tick(id, Number(args[1] ?? 1));
      case 'tick-all':
        return cluster.tickAll(Number(id === '' ? 1 : id));
      case 'tick-election':
        return cluster.tick(id, 2 * cluster.config.electionTicks - 1);
      case 'tick-heartbeat':
        return cluster.tick(id, cluster.config.heartbeatTicks);
      case 'stabilize':
        return cluster.stabilize();
      case 'tick-stabilize':
        return this.tickStabilize(id, Number(args[1] ?? 1));
      case 'process':
        return void cluster.processAll();
      case 'deliver':
        return void cluster.deliverAll();
      case 'partition':
        return args.length === 1 ? cluster.isolate(id) : cluster.partition(...args.map((group) => group.split(',')));
      case 'heal':
        return cluster.heal();
      case 'crash':
        return cluster.crash(id);
      case 'restart':
        return cluster.restart(id);
      case 'compact':
        return this.compact(id);
      case 'propose':
        return this.propose(id, args[1] ?? '');
      case 'propose-conf-change':
        return this.proposeChange(id, args.slice(1));
      case 'transfer-leadership':
        return cluster.node(id).core.transferLeadership(args[1] ?? null);
      case 'read-index':
        return cluster.node(id).core.readIndex(Number(args[1]));
      case 'read-states':
        return this.readStates(id);
      case 'status':
        return this.status(args.length > 0 ? args : [...cluster.nodes.keys()]);
      case 'applied':
        return void this.transcript.push(`${id}: [${cluster.node(id).applied.join(' ')}]`);
      case 'log':
        return this.log(id);
      default:
        throw new Error(`unknown scenario command ${command}`);
    }
  }

  /** Tick one node (or all) N times, stabilizing after each; heartbeats and their answers are left out of the transcript. */
  private tickStabilize(id: string, times: number): void {
    for (let tick = 0; tick < times; tick += 1) {
      if (id === 'all') this.cluster.tickAll();
      else this.cluster.tick(id);
      this.cluster.stabilize();
    }
    const heartbeat = / heartbeat(Response)? /;
    this.transcript = this.transcript.filter((line) => !heartbeat.test(line));
  }

  private propose(id: string, text: string): void {
    const receipt = this.cluster.node(id).core.propose('command', commandData(text));
    this.transcript.push(`proposed index=${receipt.index} term=${receipt.term}`);
  }

  private proposeChange(id: string, args: string[]): void {
    const [type = '', target = ''] = args;
    const address = `addr-${target}`;
    const change: ConfigurationChange =
      type === 'addVoter' || type === 'addNonvoter'
        ? { type, id: target, address }
        : { type: type as 'demoteVoter' | 'removeServer', id: target };
    const receipt = this.cluster.node(id).core.proposeConfigurationChange(change);
    this.transcript.push(`proposed index=${receipt.index} term=${receipt.term}`);
  }

  private compact(id: string): void {
    const meta = this.cluster.snapshotAndCompact(id);
    this.transcript.push(`snapshot ${meta.id} index=${meta.index} term=${meta.term}`);
  }

  private readStates(id: string): void {
    const node = this.cluster.node(id);
    this.transcript.push(`${id}: [${node.readStates.map((read) => `${read.requestId}@${read.index}`).join(' ')}]`);
  }

  private status(ids: string[]): void {
    for (const id of ids) {
      const node = this.cluster.node(id);
      if (node.down) {
        this.transcript.push(`${id}: down`);
        continue;
      }
      const s = node.core.status();
      const nonvoters = s.configuration.servers
        .filter((server) => server.suffrage === 'nonvoter')
        .map((server) => server.id);
      const progress = s.progress.map((p) => ` ${p.id}:${p.state}/${p.matchIndex}`).join('');
      this.transcript.push(
        `${id}: ${s.role} term=${s.term} leader=${s.leaderId ?? '-'} commit=${s.commitIndex} applied=${s.appliedIndex} last=${s.lastIndex}` +
          ` voters=${voters(s.configuration).join(',')} nonvoters=${nonvoters.join(',')}${progress}` +
          (s.leadershipTransferTarget === null ? '' : ` transfer=${s.leadershipTransferTarget}`),
      );
    }
  }

  private log(id: string): void {
    const store = this.cluster.node(id).store;
    const entries = store.entries(store.firstIndex(), store.lastIndex() + 1, Number.MAX_SAFE_INTEGER);
    this.transcript.push(`${id}: first=${store.firstIndex()} ${entries.map(describeEntry).join(' ')}`.trimEnd());
  }
}

function describeEntry(entry: LogEntry): string {
  if (entry.type === 'command') return `${entry.index}/${entry.term}:${textDecoder.decode(entry.data)}`;
  if (entry.type === 'noop') return `${entry.index}/${entry.term}:noop`;
  // Non-voters are marked with a trailing ~.
  const servers = decodeConfiguration(entry.data).servers.map(
    (server) => `${server.id}${server.suffrage === 'voter' ? '' : '~'}`,
  );
  return `${entry.index}/${entry.term}:conf(${servers.join(',')})`;
}

export function describeMessage(message: Message): string {
  const head = `${message.from}->${message.to} ${message.type} t${message.term}`;
  switch (message.type) {
    case 'appendEntries':
      return `${head} prev=${message.prevLogIndex}/${message.prevLogTerm} commit=${message.leaderCommit} [${message.entries.map(describeEntry).join(' ')}]`;
    case 'appendEntriesResponse':
      return message.success
        ? `${head} match=${message.matchIndex}`
        : `${head} reject hint=${message.rejectHint}/${message.rejectHintTerm}`;
    case 'heartbeat':
      return `${head} commit=${message.commit} ctx=${message.context}`;
    case 'heartbeatResponse':
      return `${head} ctx=${message.context}`;
    case 'requestVote':
      return `${head}${message.preVote ? ' pre' : ''}${message.leadershipTransfer ? ' transfer' : ''} last=${message.lastLogIndex}/${message.lastLogTerm}`;
    case 'requestVoteResponse':
      return `${head}${message.preVote ? ' pre' : ''} ${message.granted ? 'granted' : 'rejected'}`;
    case 'installSnapshot':
      return `${head} snapshot=${message.snapshot.index}/${message.snapshot.term}`;
    case 'installSnapshotResponse':
      return `${head} ${message.success ? 'ok' : 'failed'} last=${message.lastIndex}`;
    case 'timeoutNow':
      return head;
  }
}
