/** `orca cluster members | remove NAME | snapshot save FILE`. */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { ClusterMembers } from '../client/index.js';
import { CliError } from './errors.js';
import { renderRows } from './tables.js';
import { splitArguments, withClient, type VerbContext } from './verb-context.js';
import type { ConnectionFlags } from './client-config.js';

export function formatMembers(members: ClusterMembers): string {
  const rows = members.members.map((member) => [
    member.name,
    member.address,
    member.role,
    member.suffrage,
    member.healthy ? 'yes' : 'no',
    String(member.matchIndex),
  ]);
  const table = renderRows([['NAME', 'ADDRESS', 'ROLE', 'SUFFRAGE', 'HEALTHY', 'MATCH-INDEX'], ...rows]);
  const leader = members.leader === '' ? 'none' : `${members.leader} (${members.leaderAddress})`;
  return `${table}leader: ${leader}, term ${members.term}, commit index ${members.commitIndex}, applied index ${members.appliedIndex} (as seen by ${members.answeredBy})\n`;
}

async function saveSnapshot(context: VerbContext, connection: ConnectionFlags, file: string): Promise<void> {
  const temporary = `${file}.partial`;
  const descriptor = openSync(temporary, 'w', 0o600);
  let done = false;
  try {
    const bytes = await withClient(context, connection, (client) =>
      client.saveSnapshot((chunk) => {
        writeSync(descriptor, chunk);
      }),
    );
    fsyncSync(descriptor);
    closeSync(descriptor);
    renameSync(temporary, file);
    done = true;
    context.write(`snapshot saved to ${file} (${bytes} bytes)\n`);
  } finally {
    if (!done) {
      try {
        closeSync(descriptor);
      } catch {
        /* already closed */
      }
      rmSync(temporary, { force: true });
    }
  }
}

export function clusterAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, connection } = splitArguments(args);
    const action = String(positional[0]);
    const rest = (positional[1] ?? []) as string[];
    if (action === 'members' && rest.length === 0) {
      const members = await withClient(context, connection, (client) => client.members());
      context.write(formatMembers(members));
    } else if (action === 'remove' && rest.length === 1 && rest[0] !== undefined) {
      const name = rest[0];
      await withClient(context, connection, (client) => client.removeMaster(name));
      context.write(`master "${name}" removed\n`);
    } else if (action === 'snapshot' && rest[0] === 'save' && rest.length === 2 && rest[1] !== undefined) {
      await saveSnapshot(context, connection, rest[1]);
    } else {
      throw new CliError('usage', 'usage: orca cluster members | remove NAME | snapshot save FILE');
    }
  };
}
