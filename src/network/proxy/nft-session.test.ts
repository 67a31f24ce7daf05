/**
 * The long-lived `nft -i` session against the real nft in a scratch
 * namespace: scripts apply atomically, failures carry nft's message and leave
 * the session usable, a dead or retired process is replaced.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNetworkError } from '../network-error.js';
import { NftSessionExecutor, splitAtMarker } from './nft-session.js';
import { canUseNetns, createNetns, deleteNetns, mustRun } from './scratch-netns.js';

const environment = await canUseNetns();
if (!environment.ok) console.log(`nft session tests skipped: ${environment.reason}`);

describe('splitAtMarker', () => {
  const complaint = (marker: string): string =>
    `Error: syntax error, unexpected newline, expecting string\n${marker}\n          ^\n`;

  it('waits for all three lines of the complaint, then splits around it', () => {
    const full = complaint('m-7');
    for (let cut = 0; cut < full.length; cut += 1) expect(splitAtMarker(full.slice(0, cut), 'm-7')).toBeUndefined();
    expect(splitAtMarker(full, 'm-7')).toEqual({ before: '', after: '' });
    const failed = 'x.nft:2:1-3: Error: Could not process rule: No such file or directory\nadd rule ip t c\n^^^\n';
    expect(splitAtMarker(failed + full + 'rest', 'm-7')).toEqual({ before: failed, after: 'rest' });
  });

  it('does not take another marker for its own', () => {
    expect(splitAtMarker(complaint('m-71'), 'm-7')).toBeUndefined();
  });
});

describe.skipIf(!environment.ok)('NftSessionExecutor (real nft in a scratch namespace)', () => {
  const netns = `orca-nfts-${process.pid}`;
  const list = (): Promise<string> => mustRun('ip', ['netns', 'exec', netns, 'nft', 'list', 'ruleset']);

  beforeAll(async () => {
    await deleteNetns(netns);
    await createNetns(netns);
  });
  afterAll(async () => {
    await deleteNetns(netns);
  });

  it('applies scripts one transaction each, reports failures and stays usable', async () => {
    const scratchParent = await mkdtemp(join(tmpdir(), 'orca-nfts-test-'));
    const session = new NftSessionExecutor({ netns, scratchParent });
    try {
      await session.run('add table ip s\nadd chain ip s c\nadd rule ip s c counter\n');
      const pid = session.pid;
      expect(pid).toBeGreaterThan(0);
      // the second line fails, so the first must not stay either
      const error = await session
        .run('add rule ip s c tcp dport 1 accept\nadd rule ip s nope counter\n')
        .catch((caught: unknown) => caught);
      expect(isNetworkError(error, 'nft')).toBe(true);
      expect(isNetworkError(error) ? error.stderr : '').toMatch(/Error: .*No such file or directory/);
      expect(await list()).not.toContain('dport 1');
      await Promise.all([
        session.run('add rule ip s c tcp dport 2 accept\n'),
        session.run('add rule ip s c tcp dport 3 accept\n'),
      ]);
      expect(await list()).toMatch(/dport 2 accept[\s\S]*dport 3 accept/);
      expect(session.pid).toBe(pid);
    } finally {
      await session.close();
    }
    await expect(session.run('add table ip s\n')).rejects.toMatchObject({ code: 'closed' });
    // the script folder (and nft's history file in it) is gone
    expect(await readdir(scratchParent)).toEqual([]);
    await rm(scratchParent, { recursive: true });
  });

  it('replaces a process that died or ran its share of scripts', async () => {
    const session = new NftSessionExecutor({ netns, runsPerProcessMax: 2 });
    try {
      await session.run('add table ip r\n');
      const first = session.pid ?? 0;
      process.kill(first, 'SIGKILL');
      await waitFor(() => session.pid === undefined);
      await session.run('add chain ip r a\n');
      const second = session.pid ?? 0;
      expect(second).not.toBe(first);
      await session.run('add chain ip r b\n');
      await session.run('add chain ip r c\n');
      expect(session.pid).not.toBe(second);
      expect(await list()).toMatch(/chain a[\s\S]*chain b[\s\S]*chain c/);
    } finally {
      await session.close();
    }
  });

  it('a missing nft binary fails with code nft', async () => {
    const session = new NftSessionExecutor({ nftPath: '/nonexistent/nft' });
    try {
      await expect(session.run('add table ip x\n')).rejects.toMatchObject({ code: 'nft' });
    } finally {
      await session.close();
    }
  });
});

async function waitFor(condition: () => boolean, deadlineMs = 5_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
