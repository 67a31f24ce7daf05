import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeSession, SessionChannel } from '../runtime.js';
import { shellQuote, startExecSession, startPortForwardSession, terminalArgv } from './process-session.js';

const launch = { workingDir: '/tmp', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } };
const streams = { stdin: false, stdout: true, stderr: true, tty: false };

async function drain(session: RuntimeSession): Promise<Record<SessionChannel, string>> {
  const out: Record<SessionChannel, string> = { stdout: '', stderr: '' };
  for await (const chunk of session.output) out[chunk.channel] += chunk.data.toString('utf8');
  return out;
}

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

describe('process runtime sessions', () => {
  it('quotes words for sh so that any argument reaches the command intact', () => {
    expect(shellQuote(`it's "x" $HOME`)).toBe(`'it'\\''s "x" $HOME'`);
    expect(terminalArgv(['echo', 'a b'], { width: 100, height: 30 })).toEqual([
      'script',
      '-qfec',
      "stty rows 30 cols 100 2>/dev/null; exec 'echo' 'a b'",
      '/dev/null',
    ]);
  });

  it('runs an exec with separate stdout and stderr and reports its exit code', async () => {
    const session = startExecSession(launch, { ...streams, command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    expect(await drain(session)).toEqual({ stdout: 'out\n', stderr: 'err\n' });
    expect(await session.ended).toEqual({ exitCode: 3, error: '' });
  });

  it('feeds stdin to the command until its end of file', async () => {
    const session = startExecSession(launch, { ...streams, stdin: true, command: ['cat'] });
    const output = drain(session);
    await session.write(Buffer.from('one '));
    await session.write(Buffer.from('two'));
    session.endInput();
    expect((await output).stdout).toBe('one two');
    expect((await session.ended).exitCode).toBe(0);
  });

  it('says so when the command does not exist, with the shell exit code 127', async () => {
    const session = startExecSession(launch, { ...streams, command: ['no-such-command-here'] });
    expect((await drain(session)).stderr).toContain('executable file not found');
    expect((await session.ended).exitCode).toBe(127);
  });

  it('runs a tty exec on a pseudo-terminal of the asked size, which a resize changes', async () => {
    const session = startExecSession(launch, {
      ...streams,
      stdin: true,
      tty: true,
      size: { width: 91, height: 17 },
      command: ['sh', '-c', 'stty size; while read line; do stty size; done; exit 4'],
    });
    let text = '';
    const iterator = session.output[Symbol.asyncIterator]();
    const until = async (wanted: string, each: () => Promise<void>): Promise<void> => {
      while (!text.includes(wanted)) {
        const next = await iterator.next();
        if (next.done === true) throw new Error(`ended before "${wanted}": ${text}`);
        text += next.value.data.toString('utf8');
        await each();
      }
    };
    await until('17 91', () => Promise.resolve());
    session.resize({ width: 120, height: 40 });
    // A helper process sets the size: ask the shell again until it sees the new one.
    await session.write(Buffer.from('\n'));
    await until('40 120', () => (/\d+ \d+\r\n$/.test(text) ? session.write(Buffer.from('\n')) : Promise.resolve()));
    session.endInput();
    for (;;) if ((await iterator.next()).done === true) break;
    expect((await session.ended).exitCode).toBe(4);
  });

  it('forwards a connection to a port on the loopback, half-closing on the end of input', async () => {
    server = createServer({ allowHalfOpen: true }, (socket) => {
      let got = '';
      socket.on('data', (chunk: Buffer) => (got += chunk.toString()));
      socket.on('end', () => socket.end(`echo:${got}`));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const session = startPortForwardSession('127.0.0.1', address.port);
    const output = drain(session);
    await session.write(Buffer.from('ping'));
    session.endInput();
    expect((await output).stdout).toBe('echo:ping');
    expect(await session.ended).toEqual({ exitCode: 0, error: '' });
  });

  it('ends a port-forward to a closed port with the refusal as its error', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const session = startPortForwardSession('127.0.0.1', address.port);
    await drain(session);
    expect((await session.ended).error).toMatch(/connection refused/);
  });
});
