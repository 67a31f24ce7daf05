/**
 * Membership as hashicorp/raft has it: a configuration takes effect as soon as its
 * entry is in the log. The history by index lets a truncated configuration entry
 * revert to the one before it. Pure helpers plus one small tracker.
 */
import { assert, RaftError } from '../errors.js';
import type { ConfigurationChange } from './api.js';
import type { Configuration, Server, ServerId } from '../types.js';

export interface IndexedConfiguration {
  readonly index: number;
  readonly configuration: Configuration;
}

export const emptyConfiguration: Configuration = Object.freeze({ servers: Object.freeze([]) });

export class ConfigurationHistory {
  /** Ascending by index; the first is the latest one known committed (or the snapshot's). */
  private history: IndexedConfiguration[];

  constructor(initial: IndexedConfiguration | null) {
    this.history = initial === null ? [] : [initial];
  }

  latest(): IndexedConfiguration {
    return this.history[this.history.length - 1] ?? { index: 0, configuration: emptyConfiguration };
  }

  add(index: number, configuration: Configuration): void {
    assert(index > this.latest().index, 'configuration entries are added in log order');
    this.history.push({ index, configuration });
  }

  /** Entries from `index` on were removed from the log: forget their configurations. */
  truncateFrom(index: number): void {
    this.history = this.history.filter((entry) => entry.index < index);
  }

  /** Replace everything (a snapshot from the leader replaced the log). */
  reset(initial: IndexedConfiguration): void {
    this.history = [initial];
  }

  /** Only the newest committed configuration is needed as a fallback; drop older ones. */
  compact(committed: number): void {
    let keepFrom = 0;
    this.history.forEach((entry, position) => {
      if (entry.index <= committed) keepFrom = position;
    });
    this.history = this.history.slice(keepFrom);
  }
}

export function findServer(configuration: Configuration, id: ServerId): Server | undefined {
  return configuration.servers.find((server) => server.id === id);
}

function withServer(configuration: Configuration, server: Server): Configuration {
  const exists = findServer(configuration, server.id) !== undefined;
  const servers = exists
    ? configuration.servers.map((s) => (s.id === server.id ? server : s))
    : [...configuration.servers, server];
  return { servers };
}

function requireServer(configuration: Configuration, id: ServerId): Server {
  const server = findServer(configuration, id);
  if (server === undefined) throw new RaftError('unknown-server', `server ${id} is not in the configuration`);
  return server;
}

/**
 * The configuration after `change`. addVoter of an unknown server yields it as a
 * non-voter (promotion comes later, once it has caught up).
 */
export function applyChange(configuration: Configuration, change: ConfigurationChange): Configuration {
  switch (change.type) {
    case 'addNonvoter': {
      const suffrage = findServer(configuration, change.id)?.suffrage ?? 'nonvoter';
      return withServer(configuration, { id: change.id, address: change.address, suffrage });
    }
    case 'addVoter': {
      const suffrage = findServer(configuration, change.id)?.suffrage ?? 'nonvoter';
      return withServer(configuration, { id: change.id, address: change.address, suffrage });
    }
    case 'demoteVoter':
      return withServer(configuration, { ...requireServer(configuration, change.id), suffrage: 'nonvoter' });
    case 'removeServer':
      requireServer(configuration, change.id);
      return { servers: configuration.servers.filter((server) => server.id !== change.id) };
  }
}

export function promote(configuration: Configuration, id: ServerId): Configuration {
  return withServer(configuration, { ...requireServer(configuration, id), suffrage: 'voter' });
}
