// ConfigMap and Secret files: written whole, switched atomically, stale keys gone.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCriLogLines } from '../worker-service.js';
import { writeAtomically } from './atomic-files.js';

describe('atomic volume files', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the files, replaces them as a set on change, drops removed keys and skips unchanged content', () => {
    dir = mkdtempSync(join(tmpdir(), 'orca-atomic-'));
    const file = (text: string, mode = 0o644) => ({ data: Buffer.from(text), mode });
    expect(
      writeAtomically(
        dir,
        new Map([
          ['color', file('blue')],
          ['size', file('3', 0o600)],
        ]),
        1_000,
      ),
    ).toBe(true);
    expect(readFileSync(join(dir, 'color'), 'utf8')).toBe('blue');
    expect(statSync(join(dir, 'size')).mode & 0o777).toBe(0o600);
    expect(
      writeAtomically(
        dir,
        new Map([
          ['color', file('blue')],
          ['size', file('3', 0o600)],
        ]),
        2_000,
      ),
    ).toBe(false);
    expect(writeAtomically(dir, new Map([['color', file('red')]]), 3_000)).toBe(true);
    expect(readFileSync(join(dir, 'color'), 'utf8')).toBe('red');
    expect(readdirSync(dir).filter((name) => !name.startsWith('..'))).toEqual(['color']);
    expect(readdirSync(dir).filter((name) => name.startsWith('..')).length).toBe(2);
  });

  it('refuses paths that climb out of the volume', () => {
    dir = mkdtempSync(join(tmpdir(), 'orca-atomic-'));
    expect(() => writeAtomically(dir, new Map([['../escape', { data: Buffer.from('x'), mode: 0o644 }]]), 1)).toThrow(
      /must be relative/,
    );
  });
});

describe('CRI log lines', () => {
  it('joins partial lines, keeps stdout and stderr in order, and adds timestamps on request', () => {
    const text =
      '2026-01-01T00:00:00.1Z stdout P hel\n2026-01-01T00:00:00.2Z stdout F lo\n2026-01-01T00:00:01Z stderr F oops\n';
    expect(parseCriLogLines(text, false)).toBe('hello\noops\n');
    expect(parseCriLogLines(text, true)).toBe(
      '2026-01-01T00:00:00.1Z hel2026-01-01T00:00:00.2Z lo\n2026-01-01T00:00:01Z oops\n',
    );
  });
});
