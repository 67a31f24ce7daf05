/** The master's options and flags: defaults, and every rule broken names its field. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMasterOptions, validateMasterOptions } from './config.js';
import { isMasterError } from './master-error.js';
import { clientConfigPath, masterOptionsFromFlags, writeClientConfig } from './run-master-command.js';

const base = { name: 'm1', dataDir: '/tmp/orca-m1', listen: '127.0.0.1:7000' };

function rejection(input: Parameters<typeof validateMasterOptions>[0]): string {
  try {
    validateMasterOptions(input);
  } catch (error: unknown) {
    if (isMasterError(error, 'invalid-config')) return error.message;
    throw error;
  }
  throw new Error('expected the options to be refused');
}

describe('master options', () => {
  it('fill in the defaults', () => {
    expect(validateMasterOptions(base)).toEqual({ ...defaultMasterOptions(), ...base });
  });

  it('name the field and the rule of each broken one', () => {
    expect(rejection({ ...base, name: 'M_1' })).toMatch(/^master option name: /);
    expect(rejection({ ...base, listen: 'nowhere' })).toMatch(/listen: "nowhere" must be host:port/);
    expect(rejection({ ...base, bootstrap: true, join: '127.0.0.1:7001' })).toMatch(
      /join: cannot be combined with bootstrap/,
    );
    expect(rejection({ ...base, restore: '/tmp/x' })).toMatch(/restore: needs bootstrap/);
    expect(rejection({ ...base, join: '127.0.0.1:0' })).toMatch(/join: /);
    expect(rejection({ ...base, proposalTimeoutMs: 0 })).toMatch(/proposalTimeoutMs: must be a positive integer/);
  });
});

describe('orca master flags', () => {
  it('become validated options', () => {
    const options = masterOptionsFromFlags({
      name: 'm2',
      dataDir: '/d',
      listen: '0.0.0.0:7000',
      join: '10.0.0.1:7000',
      http: '127.0.0.1:8080',
    });
    expect(options).toMatchObject({
      name: 'm2',
      dataDir: '/d',
      listen: '0.0.0.0:7000',
      join: '10.0.0.1:7000',
      http: '127.0.0.1:8080',
      bootstrap: false,
      security: {},
    });
    expect(
      masterOptionsFromFlags({
        name: 'm2',
        dataDir: '/d',
        listen: '0.0.0.0:7000',
        join: '10.0.0.1:7000',
        token: 'K10x',
      }).security,
    ).toEqual({ joinToken: 'K10x' });
    expect(
      masterOptionsFromFlags({ name: 'm1', dataDir: '/d', listen: '127.0.0.1:7000', insecure: true }).security,
    ).toBe(undefined);
    expect(() =>
      masterOptionsFromFlags({ name: 'm1', dataDir: '/d', listen: '127.0.0.1:7000', insecure: true, token: 'x' }),
    ).toThrow(/--insecure: cannot be combined/);
    expect(
      masterOptionsFromFlags({ name: 'm1', dataDir: '/d', listen: '127.0.0.1:7000', certificateValidity: '12h' })
        .security,
    ).toEqual({ certificateValidMs: 12 * 3_600_000 });
  });

  it('refuse a missing required flag with its name', () => {
    expect(() => masterOptionsFromFlags({ name: 'm2', listen: '0.0.0.0:7000' })).toThrow(/--data-dir: required/);
  });

  it('write the client config where $ORCA_CONFIG says, else under the home folder', () => {
    expect(clientConfigPath({ ORCA_CONFIG: '/etc/orca.json' }, '/home/u')).toBe('/etc/orca.json');
    expect(clientConfigPath({}, '/home/u')).toBe('/home/u/.orca/config');
    const folder = mkdtempSync(join(tmpdir(), 'orca-config-'));
    try {
      const path = join(folder, 'nested', 'config');
      writeClientConfig(path, ['127.0.0.1:7000']);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ servers: ['127.0.0.1:7000'] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
