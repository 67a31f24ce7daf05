import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orcaVersion } from './version.js';

describe('version', () => {
  it('matches package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(orcaVersion).toBe(manifest.version);
  });
});
