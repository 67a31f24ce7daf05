/**
 * Pod CIDRs handed out by the masters: a Node created without spec.podCIDR gets
 * the first free /24 of the cluster CIDR inside its create. The choice is made
 * on the leader before proposing (the FSM stays deterministic). Allocations run
 * one at a time on this leader, after a read barrier (so every Node a previous
 * leader created is seen), fenced to the leader's term (so a deposed leader's
 * allocation cannot commit beside the new leader's), and the transaction checks
 * that every Node read is unchanged — two nodes never get one CIDR.
 */
import type { RaftNode } from '../raft/index.js';
import {
  operationsMax,
  type CreateOperation,
  type JsonObject,
  type ObjectKey,
  type Operation,
  type OperationResult,
  type StateMachine,
} from '../state/index.js';
import { MasterError } from './master-error.js';
import type { ObjectWriter } from './object-writer.js';
import type { ReadBarrier } from './read-barrier.js';

export const defaultClusterCidr = '10.244.0.0/16';
const podCidrPrefix = 24;
const nodesPageSize = 500;

export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

/** A cluster CIDR such as 10.244.0.0/16: IPv4, prefix 8..24, no host bits set. */
export function parseClusterCidr(text: string, field = 'clusterCidr'): Ipv4Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  const octets = match === null ? [] : match.slice(1, 5).map(Number);
  const prefix = Number(match?.[5] ?? -1);
  if (match === null || octets.some((octet) => octet > 255) || prefix < 8 || prefix > podCidrPrefix) {
    throw new MasterError(
      'invalid-config',
      `${field}: "${text}" must be an IPv4 CIDR with a prefix from /8 to /${podCidrPrefix}, such as ${defaultClusterCidr}`,
    );
  }
  const base = octets.reduce((value, octet) => value * 256 + octet, 0);
  const hostBits = 2 ** (32 - prefix);
  if (base % hostBits !== 0) throw new MasterError('invalid-config', `${field}: "${text}" has host bits set`);
  return { base, prefix };
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The first /24 of `cluster` not in `used`, or undefined when every one is taken. */
export function firstFreePodCidr(cluster: Ipv4Cidr, used: ReadonlySet<string>): string | undefined {
  const count = 2 ** (podCidrPrefix - cluster.prefix);
  for (let index = 0; index < count; index += 1) {
    const candidate = `${formatIpv4(cluster.base + index * 256)}/${podCidrPrefix}`;
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}

function podCidrOf(object: JsonObject): string {
  const spec = object['spec'];
  const value =
    typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as JsonObject)['podCidr'] : undefined;
  return typeof value === 'string' ? value : '';
}

/** True for the creates this allocator must handle: a Node without spec.podCIDR. */
export function needsPodCidr(operation: Operation): operation is CreateOperation {
  return operation.op === 'create' && operation.object['kind'] === 'Node' && podCidrOf(operation.object) === '';
}

interface NodeRead {
  readonly key: ObjectKey;
  readonly resourceVersion: string;
  readonly podCidr: string;
}

export interface PodCidrAllocatorOptions {
  readonly clusterCidr: Ipv4Cidr;
  readonly state: Pick<StateMachine, 'list'>;
  readonly reads: Pick<ReadBarrier, 'linearizable'>;
  readonly writer: Pick<ObjectWriter, 'transact'>;
  readonly node: Pick<RaftNode, 'stats'>;
}

export class PodCidrAllocator {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PodCidrAllocatorOptions) {}

  /**
   * Creates the Node with the next free pod CIDR; allocations never overlap in
   * time on this master. Fenced to `fenceTerm` when given (a leader task's
   * term), else to the term this master leads in after the read barrier.
   */
  create(operation: CreateOperation, now: string, fenceTerm?: number): Promise<OperationResult> {
    const run = this.tail.then(() => this.allocateAndCreate(operation, now, fenceTerm));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private listNodes(): NodeRead[] {
    const nodes: NodeRead[] = [];
    let page = this.options.state.list({ kind: 'Node', limit: nodesPageSize });
    for (;;) {
      for (const item of page.items) {
        const metadata = item['metadata'] as JsonObject;
        nodes.push({
          key: { kind: 'Node', namespace: '', name: String(metadata['name']) },
          resourceVersion: String(metadata['resourceVersion']),
          podCidr: podCidrOf(item),
        });
      }
      if (page.continue === undefined) return nodes;
      page = this.options.state.list({ kind: 'Node', limit: nodesPageSize, continue: page.continue });
    }
  }

  private async allocateAndCreate(
    operation: CreateOperation,
    now: string,
    fenceTerm: number | undefined,
  ): Promise<OperationResult> {
    await this.options.reads.linearizable();
    const term = fenceTerm ?? this.options.node.stats().term;
    const nodes = this.listNodes();
    const chosen = firstFreePodCidr(
      this.options.clusterCidr,
      new Set(nodes.map((node) => node.podCidr).filter((cidr) => cidr !== '')),
    );
    if (chosen === undefined) return this.createWithoutCidr(operation, now, term);
    const spec = operation.object['spec'];
    const object: JsonObject = {
      ...operation.object,
      spec: { ...(typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? spec : {}), podCidr: chosen },
    };
    const allocated = nodes.filter((node) => node.podCidr !== '');
    // Past one transaction's size the serial allocation and the term fence alone keep CIDRs apart.
    const checks: Operation[] =
      allocated.length >= operationsMax
        ? []
        : allocated.map((node) => ({ op: 'check', key: node.key, resourceVersion: node.resourceVersion }));
    const { results } = await this.options.writer.transact([...checks, { op: 'create', object }], now, {
      fenceTerm: term,
    });
    const created = results[results.length - 1];
    if (created === undefined)
      throw new MasterError('invalid-argument', 'the state machine answered no result for the Node create');
    return created;
  }

  /**
   * The cluster CIDR ran out: the Node still registers (its worker reports
   * NetworkUnavailable), and a Warning Event in the same transaction says why,
   * as Kubernetes' node IPAM controller records CIDRNotAvailable.
   */
  private async createWithoutCidr(operation: CreateOperation, now: string, term: number): Promise<OperationResult> {
    const metadata = operation.object['metadata'] as JsonObject;
    const name = String(metadata['name']);
    const cluster = `${formatIpv4(this.options.clusterCidr.base)}/${this.options.clusterCidr.prefix}`;
    const event: JsonObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${name}.cidr-not-available.${Date.parse(now).toString(16)}`,
        namespace: 'default',
        uid: `${String(metadata['uid'])}-cidr`,
        creationTimestamp: now,
      },
      involvedObject: { kind: 'Node', name, uid: String(metadata['uid']), apiVersion: 'v1' },
      reason: 'CIDRNotAvailable',
      type: 'Warning',
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      message: `Node ${name} status is now: CIDRNotAvailable (every /${podCidrPrefix} of the cluster CIDR ${cluster} is taken)`,
      source: { component: 'orca-master' },
      reportingComponent: 'orca-master',
    };
    const { results } = await this.options.writer.transact([operation, { op: 'create', object: event }], now, {
      fenceTerm: term,
    });
    const created = results[0];
    if (created === undefined)
      throw new MasterError('invalid-argument', 'the state machine answered no result for the Node create');
    return created;
  }
}
