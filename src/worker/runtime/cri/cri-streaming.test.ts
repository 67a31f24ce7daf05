// The worker's side of a CRI streaming server, against a stand-in that
// answers as the kubelet's streaming code (which containerd copies) does:
// POST upgraded to SPDY/3.1, streams named by `streamtype`, the v4 Status on
// the error stream, the connection closed at the end.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { SpdyConnection, type SpdyStream } from '../../../spdy/index.js';
import type { RuntimeSession, SessionChannel } from '../runtime.js';
import { portForwardSession, remoteCommandSession, sessionEndOf } from './cri-streaming.js';

type Handler = (connection: SpdyConnection, request: IncomingMessage) => void;

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function streamingServer(handler: Handler, refuse = false): Promise<string> {
  server = createServer((_request, response) => {
    response.writeHead(404);
    response.end('no such token');
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    if (refuse) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 13\r\nConnection: close\r\n\r\nno such token');
      return;
    }
    const protocol = String(request.headers['x-stream-protocol-version']);
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
    );
    handler(new SpdyConnection(socket, { role: 'server' }), request);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/exec/token`;
}

/** Collects the streams a client opens, replying to each, until `count` are open. */
function streamsOf(connection: SpdyConnection, count: number): Promise<Map<string, SpdyStream>> {
  const streams = new Map<string, SpdyStream>();
  return new Promise((resolve) => {
    connection.on('stream', (stream: SpdyStream) => {
      stream.reply({});
      streams.set(stream.headers['streamtype'] ?? '', stream);
      if (streams.size === count) resolve(streams);
    });
  });
}

async function drain(session: RuntimeSession): Promise<Record<SessionChannel, string>> {
  const out: Record<SessionChannel, string> = { stdout: '', stderr: '' };
  for await (const chunk of session.output) out[chunk.channel] += chunk.data.toString('utf8');
  return out;
}

describe('CRI streaming sessions', () => {
  it('runs an exec over v4.channel.k8s.io: stdin to its end, stdout and stderr apart, the exit code from the Status', async () => {
    const url = await streamingServer((connection, request) => {
      expect(request.method).toBe('POST');
      expect(request.headers['x-stream-protocol-version']).toBe('v4.channel.k8s.io');
      void streamsOf(connection, 4).then((streams) => {
        let input = '';
        const stdin = streams.get('stdin');
        stdin?.on('data', (chunk: Buffer) => (input += chunk.toString()));
        stdin?.once('end', () => {
          streams.get('stdout')?.write(Buffer.from(input.toUpperCase()));
          streams.get('stderr')?.write(Buffer.from('warning'));
          const status = {
            metadata: {},
            status: 'Failure',
            reason: 'NonZeroExitCode',
            details: { causes: [{ reason: 'ExitCode', message: '3' }] },
          };
          streams.get('error')?.write(Buffer.from(JSON.stringify(status)));
          connection.close();
        });
      });
    });
    const session = await remoteCommandSession(url, {
      command: ['cat'],
      stdin: true,
      stdout: true,
      stderr: true,
      tty: false,
    });
    const output = drain(session);
    await session.write(Buffer.from('abc'));
    session.endInput();
    expect(await output).toEqual({ stdout: 'ABC', stderr: 'warning' });
    expect(await session.ended).toEqual({ exitCode: 3, error: '' });
  });

  it('sends the terminal size on the resize stream, first at the start', async () => {
    const url = await streamingServer((connection) => {
      void streamsOf(connection, 3).then((streams) => {
        let sizes = '';
        streams.get('resize')?.on('data', (chunk: Buffer) => {
          sizes += chunk.toString();
          if (sizes.split('\n').length < 3) return;
          streams.get('stdout')?.write(Buffer.from(sizes));
          streams.get('error')?.write(Buffer.from('{"metadata":{},"status":"Success"}'));
          connection.close();
        });
      });
    });
    const session = await remoteCommandSession(url, {
      command: ['sh'],
      stdin: false,
      stdout: true,
      stderr: true,
      tty: true,
      size: { width: 80, height: 24 },
    });
    session.resize({ width: 100, height: 30 });
    expect((await drain(session)).stdout).toBe('{"Width":80,"Height":24}\n{"Width":100,"Height":30}\n');
    expect(await session.ended).toEqual({ exitCode: 0, error: '' });
  });

  it('forwards one connection over portforward.k8s.io and reports what the error stream says', async () => {
    const url = await streamingServer((connection, request) => {
      expect(request.headers['x-stream-protocol-version']).toBe('portforward.k8s.io');
      void streamsOf(connection, 2).then((streams) => {
        const data = streams.get('data');
        expect(data?.headers).toMatchObject({ port: '8080', requestid: '0' });
        let got = '';
        data?.on('data', (chunk: Buffer) => (got += chunk.toString()));
        data?.once('end', () => {
          data.write(Buffer.from(`echo:${got}`));
          streams.get('error')?.write(Buffer.from('the port went away'));
          for (const stream of streams.values()) stream.end();
        });
      });
    });
    const session = await portForwardSession(url, 8080);
    const output = drain(session);
    await session.write(Buffer.from('ping'));
    session.endInput();
    expect((await output).stdout).toBe('echo:ping');
    expect(await session.ended).toEqual({ exitCode: 0, error: 'the port went away' });
  });

  it('fails with what the streaming server said when it refuses the upgrade', async () => {
    const url = await streamingServer(() => undefined, true);
    await expect(portForwardSession(url, 80)).rejects.toThrow(/404 no such token/);
  });

  it('reads every v4 Status an error stream can carry', () => {
    expect(sessionEndOf('')).toEqual({ exitCode: 0, error: '' });
    expect(sessionEndOf('{"status":"Success"}')).toEqual({ exitCode: 0, error: '' });
    expect(sessionEndOf('{"status":"Failure","message":"OCI runtime exec failed"}')).toEqual({
      exitCode: 0,
      error: 'OCI runtime exec failed',
    });
    expect(sessionEndOf('not json')).toEqual({ exitCode: 0, error: 'not json' });
  });
});
