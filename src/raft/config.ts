/**
 * Configuration of a raft-ts node: one default, one validator (STYLE.md rule 4).
 * Times are in milliseconds in the node config; the pure core counts ticks
 * (`coreConfigFrom` converts). Defaults aim at sub-second failover on a LAN.
 */
import { RaftError } from './errors.js';

export interface RaftConfig {
  /** The node's logical clock period. */
  tickMs: number;
  /** How often a leader sends heartbeats. */
  heartbeatIntervalMs: number;
  /** Followers campaign after a random timeout in [electionTimeoutMs, 2 * electionTimeoutMs). */
  electionTimeoutMs: number;
  /** Ask a majority before a real election, so a rejoining node cannot depose a healthy leader. */
  preVote: boolean;
  /** A leader that hears from no majority for an election timeout steps down. */
  checkQuorum: boolean;
  /** 'safe': every read-index does a heartbeat round; 'lease': answer within the leader lease (needs checkQuorum). */
  readMode: 'safe' | 'lease';
  /** Entries per AppendEntries message. */
  appendEntriesMax: number;
  /** Bytes per AppendEntries message (one entry larger than this is still sent alone). */
  appendBytesMax: number;
  /** AppendEntries messages in flight per follower while replicating (pipelining depth). */
  inflightMessagesMax: number;
  /** Proposals the leader holds that are not yet committed; further ones are refused. */
  uncommittedEntriesMax: number;
  /** Take a snapshot after this many entries applied since the last one. */
  snapshotThreshold: number;
  /** Entries kept in the log after a snapshot, so slightly lagging followers need no snapshot. */
  trailingLogs: number;
  /** Snapshots kept on disk. */
  snapshotsRetained: number;
  /** Chunk size of a streamed snapshot. */
  snapshotChunkBytes: number;
  /** A non-voter added to become a voter is promoted when it is within this many entries of the leader. */
  promotionLagMax: number;
  /** A leadership transfer that has not completed in this time is abandoned. */
  leadershipTransferTimeoutMs: number;
  /** Largest command accepted by apply(). */
  commandBytesMax: number;
}

export function defaultConfig(): RaftConfig {
  return {
    tickMs: 10,
    heartbeatIntervalMs: 50,
    electionTimeoutMs: 300,
    preVote: true,
    checkQuorum: true,
    readMode: 'safe',
    appendEntriesMax: 512,
    appendBytesMax: 1024 * 1024,
    inflightMessagesMax: 64,
    uncommittedEntriesMax: 16_384,
    snapshotThreshold: 8192,
    trailingLogs: 10_240,
    snapshotsRetained: 2,
    snapshotChunkBytes: 256 * 1024,
    promotionLagMax: 64,
    leadershipTransferTimeoutMs: 600,
    commandBytesMax: 2 * 1024 * 1024,
  };
}

function positiveInteger(config: RaftConfig, field: keyof RaftConfig): void {
  const value = config[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new RaftError('invalid-config', `raft config ${field}: must be a positive integer, got ${String(value)}`);
  }
}

/** Throws RaftError('invalid-config') naming the field and the rule. */
export function validateConfig(config: RaftConfig): RaftConfig {
  const integers: (keyof RaftConfig)[] = [
    'tickMs',
    'heartbeatIntervalMs',
    'electionTimeoutMs',
    'appendEntriesMax',
    'appendBytesMax',
    'inflightMessagesMax',
    'uncommittedEntriesMax',
    'snapshotThreshold',
    'trailingLogs',
    'snapshotsRetained',
    'snapshotChunkBytes',
    'promotionLagMax',
    'leadershipTransferTimeoutMs',
    'commandBytesMax',
  ];
  for (const field of integers) positiveInteger(config, field);
  const fail = (message: string): never => {
    throw new RaftError('invalid-config', `raft config ${message}`);
  };
  if (config.heartbeatIntervalMs < config.tickMs) fail('heartbeatIntervalMs: must be at least tickMs');
  if (config.electionTimeoutMs < 3 * config.heartbeatIntervalMs)
    fail('electionTimeoutMs: must be at least 3 * heartbeatIntervalMs');
  if (config.readMode === 'lease' && !config.checkQuorum) fail('readMode: lease reads are safe only with checkQuorum');
  if (config.readMode !== 'lease' && config.readMode !== 'safe') fail('readMode: must be safe or lease');
  return config;
}

/** The core's view of the config: time in ticks. */
export interface CoreConfig {
  heartbeatTicks: number;
  electionTicks: number;
  preVote: boolean;
  checkQuorum: boolean;
  readMode: 'safe' | 'lease';
  appendEntriesMax: number;
  appendBytesMax: number;
  inflightMessagesMax: number;
  uncommittedEntriesMax: number;
  promotionLagMax: number;
  leadershipTransferTicks: number;
}

export function coreConfigFrom(config: RaftConfig): CoreConfig {
  validateConfig(config);
  const ticks = (ms: number): number => Math.max(1, Math.round(ms / config.tickMs));
  return {
    heartbeatTicks: ticks(config.heartbeatIntervalMs),
    electionTicks: ticks(config.electionTimeoutMs),
    preVote: config.preVote,
    checkQuorum: config.checkQuorum,
    readMode: config.readMode,
    appendEntriesMax: config.appendEntriesMax,
    appendBytesMax: config.appendBytesMax,
    inflightMessagesMax: config.inflightMessagesMax,
    uncommittedEntriesMax: config.uncommittedEntriesMax,
    promotionLagMax: config.promotionLagMax,
    leadershipTransferTicks: ticks(config.leadershipTransferTimeoutMs),
  };
}
