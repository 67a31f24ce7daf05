import { describe, expect, it } from 'vitest';
import { buildProgram, isCleanExit } from './program.js';
import { CliError, describeFailure } from './errors.js';

async function run(args: string[]): Promise<{ output: string; error: unknown }> {
  let output = '';
  const program = buildProgram(
    {
      get: () => {
        output += 'get called\n';
      },
    },
    (text) => {
      output += text;
    },
  );
  try {
    await program.parseAsync(['node', 'orca', ...args]);
    return { output, error: undefined };
  } catch (error: unknown) {
    return { output, error };
  }
}

describe('orca command tree', () => {
  it('lists every subcommand in --help', async () => {
    const { output, error } = await run(['--help']);
    expect(isCleanExit(error)).toBe(true);
    for (const verb of [
      'master',
      'worker',
      'up',
      'apply',
      'get',
      'describe',
      'delete',
      'logs',
      'exec',
      'scale',
      'rollout',
      'cordon',
      'drain',
      'cluster',
      'config',
      'token',
      'auth',
      'version',
    ]) {
      expect(output).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
    }
  });

  it('has --help on every subcommand', async () => {
    const { output, error } = await run(['master', '--help']);
    expect(isCleanExit(error)).toBe(true);
    expect(output).toContain('--data-dir');
  });

  it('has the config, token and auth verbs under their groups', async () => {
    const config = await run(['config', '--help']);
    for (const verb of [
      'view',
      'get-contexts',
      'current-context',
      'use-context',
      'set-context',
      'set-credentials',
      'set-cluster',
    ])
      expect(config.output).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
    expect((await run(['token', '--help'])).output).toMatch(/^ {2}create\b[\s\S]*^ {2}list\b[\s\S]*^ {2}revoke\b/m);
    expect((await run(['auth', '--help'])).output).toMatch(/^ {2}can-i\b[\s\S]*^ {2}whoami\b/m);
    const { error } = await run(['token', 'list']);
    expect(describeFailure(error)).toEqual({
      line: "error: 'orca token list' is not part of this build yet",
      exitCode: 4,
    });
  });

  it('prints the version', async () => {
    const { output } = await run(['version']);
    expect(output).toMatch(/^orca \d+\.\d+\.\d+ /);
  });

  it('runs the action a build supplies and refuses, clearly, one it does not', async () => {
    expect((await run(['get', 'pods'])).output).toContain('get called');
    const { error } = await run(['scale', 'deployment', 'web', '--replicas', '3']);
    expect(error).toBeInstanceOf(CliError);
    expect(describeFailure(error)).toEqual({ line: "error: 'orca scale' is not part of this build yet", exitCode: 4 });
  });

  it('rejects a missing required flag as a usage error', async () => {
    const { error } = await run(['master', '--name', 'm1']);
    expect(isCleanExit(error)).toBe(false);
    expect(error).toBeDefined();
  });
});
