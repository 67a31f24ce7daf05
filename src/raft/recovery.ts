/**
 * Manual recovery of a cluster that lost its quorum for good (hashicorp/raft's
 * RecoverCluster): with every surviving server stopped, write a new configuration
 * into a survivor's log, then start it; it forms a new cluster with those voters.
 *
 * This is an operator's last resort and can lose writes the lost majority had
 * committed but this survivor had not received. Run it on one survivor only (the
 * most up to date), start it, and add the others back as new servers.
 */
import { RaftError } from './errors.js';
import type { RaftStore } from './interfaces.js';
import { encodeConfiguration, isVoter, type Configuration, type ServerId } from './types.js';

export function recoverCluster(store: RaftStore, id: ServerId, configuration: Configuration): void {
  if (!isVoter(configuration, id))
    throw new RaftError('cannot-bootstrap', `recovery configuration must include ${id} as a voter`);
  const hardState = store.hardState();
  const lastIndex = store.lastIndex();
  const lastTerm = store.term(lastIndex) ?? 0;
  if (lastIndex === 0)
    throw new RaftError('cannot-bootstrap', 'this server has no log to recover from: bootstrap a new cluster instead');
  // The entry's term must not be below the last entry's, nor above the server's current term.
  const term = Math.max(hardState.term, lastTerm, 1);
  store.persist({
    hardState: { term, vote: hardState.term === term ? hardState.vote : null, commit: hardState.commit },
    entries: [{ index: lastIndex + 1, term, type: 'configuration', data: encodeConfiguration(configuration) }],
  });
}
