/**
 * The leader's write path: build one transaction command from prepared
 * operations, propose it through Raft, and turn the state machine's answer into
 * a result or a typed error. Leader tasks use the same path with a fence term.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { RaftNode } from '../raft/index.js';
import {
  commandVersion,
  encodeCommand,
  StateError,
  type CommandResult,
  type JsonObject,
  type NetworkRanges,
  type Operation,
  type OperationResult,
  type TransactionCommand,
} from '../state/index.js';
import type { SecretCipher } from './secret-cipher.js';
import type { WriteDecisions } from './write-preparation.js';

export interface ObjectWriterOptions {
  readonly node: RaftNode;
  readonly cipher: SecretCipher;
  readonly proposalTimeoutMs: number;
  /** Where Services' ClusterIPs and NodePorts come from; carried by each command that writes a Service. */
  readonly network?: NetworkRanges;
  /** Called with each proposal's duration (metrics). */
  readonly onProposal?: (seconds: number) => void;
}

export interface TransactOptions {
  /** Reject the transaction unless it commits in this term (leader tasks). */
  readonly fenceTerm?: number;
}

export interface TransactResult {
  readonly revision: number;
  readonly results: readonly OperationResult[];
}

/** Kubernetes' generateName alphabet: no vowels (no words), no look-alikes. */
const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
const suffixLength = 5;

export class ObjectWriter {
  constructor(private readonly options: ObjectWriterOptions) {}

  /** Fresh decisions for one request: the time now, new uids, random name suffixes, the Secret seal. */
  decisions(): WriteDecisions {
    const cipher = this.options.cipher;
    return {
      now: new Date().toISOString(),
      newUid: () => randomUUID(),
      nameSuffix: () =>
        Array.from({ length: suffixLength }, () => suffixAlphabet[randomInt(suffixAlphabet.length)]).join(''),
      seal: (object: JsonObject) => cipher.sealObject(object),
    };
  }

  async transact(
    operations: readonly Operation[],
    now: string,
    options: TransactOptions = {},
  ): Promise<TransactResult> {
    const network =
      this.options.network !== undefined && operations.some(writesService) ? { network: this.options.network } : {};
    const command: TransactionCommand =
      options.fenceTerm === undefined
        ? { version: commandVersion, type: 'transaction', now, operations, ...network }
        : { version: commandVersion, type: 'transaction', now, operations, fenceTerm: options.fenceTerm, ...network };
    const started = performance.now();
    const result = (await this.options.node.apply(encodeCommand(command), {
      timeoutMs: this.options.proposalTimeoutMs,
    })) as CommandResult;
    this.options.onProposal?.((performance.now() - started) / 1000);
    return settle(result, operations.length);
  }

  /** One operation: its result, or the typed error of its rejection. */
  async single(operation: Operation, now: string, options: TransactOptions = {}): Promise<OperationResult> {
    const { results } = await this.transact([operation], now, options);
    const [result] = results;
    if (result === undefined) throw new StateError('invalid', 'the state machine answered no result for the operation');
    return result;
  }
}

function writesService(operation: Operation): boolean {
  return (operation.op === 'create' || operation.op === 'update') && operation.object['kind'] === 'Service';
}

function settle(result: CommandResult, operationCount: number): TransactResult {
  switch (result.outcome) {
    case 'applied':
      return { revision: result.revision, results: result.results };
    case 'rejected': {
      const where =
        result.operationIndex === null || operationCount === 1 ? '' : `operations[${result.operationIndex}]: `;
      throw new StateError(result.code, `${where}${result.message}`, result.reason);
    }
    default:
      // A proposal of ours resolves only with its own entry's result.
      throw new StateError('invalid', `unexpected state machine answer ${result.outcome} for a new proposal`);
  }
}
