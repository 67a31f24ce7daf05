/**
 * Scenario tests as data: every testdata/*.txt is a story of commands, each followed
 * by `----` and its expected transcript. Run with REWRITE=1 to regenerate after an
 * intended change, then read every changed transcript before committing it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioRunner } from './scenario.js';

const directory = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const seed = 1;

interface Block {
  readonly comments: string[];
  readonly command: string;
  readonly expected: string;
}

function parse(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let comments: string[] = [];
  for (let position = 0; position < lines.length; position += 1) {
    const line = lines[position] ?? '';
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      comments.push(line);
      continue;
    }
    if (lines[position + 1] !== '----')
      throw new Error(`line ${position + 1}: expected ---- after the command ${line}`);
    const output: string[] = [];
    position += 2;
    while (position < lines.length && (lines[position] ?? '') !== '') output.push(lines[position++] ?? '');
    blocks.push({ comments, command: line, expected: output.join('\n') });
    comments = [];
  }
  return blocks;
}

function render(blocks: readonly Block[], outputs: readonly string[]): string {
  return (
    blocks.map((block, n) => [...block.comments, block.command, '----', outputs[n] ?? ''].join('\n')).join('\n\n') +
    '\n'
  );
}

describe('raft core scenarios', () => {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.txt'))
    .sort();
  it.each(files)('%s', (name) => {
    const path = join(directory, name);
    const text = readFileSync(path, 'utf8');
    const blocks = parse(text);
    const runner = new ScenarioRunner(seed);
    const outputs = blocks.map((block) => runner.run(block.command));
    const actual = render(blocks, outputs);
    if (process.env.REWRITE === '1') {
      writeFileSync(path, actual);
      return;
    }
    expect(actual, `scenario ${name} (seed ${seed}); REWRITE=1 regenerates it`).toBe(text);
  });
});
