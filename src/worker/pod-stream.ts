/**
 * WorkerService.Stream (worker.proto): one interactive session per call — an
 * exec with stdin and a terminal, an attach, or one port-forwarded
 * connection — run by the runtime and relayed frame by frame. The caller's
 * first frame opens it; `started` tells the caller that the runtime runs it
 * (before that, a failure is the call's status); `exit` is the last frame.
 * Both directions are backpressured: input is taken from the call only as
 * fast as the runtime accepts it, output is pulled from the runtime only as
 * fast as the call drains.
 */
import { status, type ServerDuplexStream } from '@grpc/grpc-js';
import type { PodStreamFrame, PodStreamFrame__Output } from '../gen/orca/v1/PodStreamFrame.js';
import type { PodStreamOpen__Output } from '../gen/orca/v1/PodStreamOpen.js';
import type { ContainerInfo, Runtime, RuntimeSession, SandboxInfo, SessionChannel } from './runtime/runtime.js';
import { ServiceFault } from './service-fault.js';
import { errorMessage, WorkerTypedError } from './worker-error.js';

export type PodStreamCall = ServerDuplexStream<PodStreamFrame__Output, PodStreamFrame>;

export interface PodStreamDeps {
  readonly runtime: Pick<Runtime, 'execSession' | 'attachSession' | 'portForward'>;
  /** The pod's current container `name` ('' : its first); throws a ServiceFault when there is none. */
  container(namespace: string, pod: string, name: string): ContainerInfo;
  /** The pod's ready sandbox; throws a ServiceFault when there is none. */
  sandbox(namespace: string, pod: string): SandboxInfo;
  /** Registers a running session's close (the service ends them all when it stops); returns the unregister. */
  track(close: () => void): () => void;
}

/** How long a caller may take to send its open frame. */
const openTimeoutMs = 30_000;
/** Output is relayed in frames of at most this many bytes (well under gRPC's 4 MiB message limit). */
export const streamFrameBytesMax = 256 * 1024;
const commandArgumentsMax = 4096;
const commandBytesMax = 256 * 1024;

const channelNames: Record<SessionChannel, 'POD_STREAM_CHANNEL_STDOUT' | 'POD_STREAM_CHANNEL_STDERR'> = {
  stdout: 'POD_STREAM_CHANNEL_STDOUT',
  stderr: 'POD_STREAM_CHANNEL_STDERR',
};

/** The open frame's problems, each naming the field; empty when it can be served. */
export function openProblems(open: PodStreamOpen__Output): string[] {
  const problems: string[] = [];
  if (open.pod === '') problems.push('pod: required');
  if (open.kind === 'POD_STREAM_KIND_EXEC') {
    if (open.command.length === 0) problems.push('command: required');
    if (open.command.length > commandArgumentsMax) problems.push(`command: at most ${commandArgumentsMax} arguments`);
    if (open.command.reduce((sum, word) => sum + Buffer.byteLength(word), 0) > commandBytesMax)
      problems.push(`command: at most ${commandBytesMax} bytes`);
  }
  if (open.kind === 'POD_STREAM_KIND_PORT_FORWARD' && !(open.port >= 1 && open.port <= 65535))
    problems.push(`port: must be 1..65535, got ${open.port}`);
  if (open.kind === 'POD_STREAM_KIND_UNSPECIFIED') problems.push('kind: required (exec, attach or port-forward)');
  if (open.kind !== 'POD_STREAM_KIND_PORT_FORWARD' && !open.stdin && !open.stdout && !open.stderr)
    problems.push('stdin, stdout, stderr: at least one is required');
  return problems;
}

/** Serves one Stream call to its end; a failure before `started` rejects (the caller answers it as the status). */
export async function servePodStream(call: PodStreamCall, deps: PodStreamDeps): Promise<void> {
  const frames = call[Symbol.asyncIterator]() as AsyncIterator<PodStreamFrame__Output>;
  const open = await firstFrame(frames);
  if (open === undefined) return;
  const problems = openProblems(open);
  if (problems.length > 0) throw new ServiceFault(status.INVALID_ARGUMENT, problems.join('; '));
  const session = await start(open, deps);
  let closed = false;
  const closeSession = (): void => {
    if (closed) return;
    closed = true;
    session.close();
  };
  call.once('cancelled', closeSession);
  call.once('close', closeSession);
  const untrack = deps.track(closeSession);
  try {
    if (!call.write({ started: {} })) await drained(call);
    void pumpInput(frames, session).catch(closeSession);
    await pumpOutput(call, session);
    const end = await session.ended;
    if (!call.cancelled) {
      call.write({ exit: { exitCode: end.exitCode, error: end.error } });
      call.end();
    }
  } finally {
    untrack();
    closeSession();
  }
}

async function firstFrame(frames: AsyncIterator<PodStreamFrame__Output>): Promise<PodStreamOpen__Output | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceFault(status.DEADLINE_EXCEEDED, `no open frame within ${openTimeoutMs} ms`)),
      openTimeoutMs,
    );
  });
  try {
    const first = await Promise.race([frames.next(), late]);
    if (first.done === true) return undefined;
    const open = first.value.open;
    if (open === null || open === undefined)
      throw new ServiceFault(status.INVALID_ARGUMENT, 'open: the first frame must open the session');
    return open;
  } finally {
    clearTimeout(timer);
  }
}

async function start(open: PodStreamOpen__Output, deps: PodStreamDeps): Promise<RuntimeSession> {
  const namespace = open.namespace === '' ? 'default' : open.namespace;
  try {
    if (open.kind === 'POD_STREAM_KIND_PORT_FORWARD')
      return await deps.runtime.portForward(deps.sandbox(namespace, open.pod), open.port);
    const container = deps.container(namespace, open.pod, open.container);
    if (container.state !== 'running')
      throw new ServiceFault(status.FAILED_PRECONDITION, `container "${container.name}" is not running`);
    const streams = { stdin: open.stdin, stdout: open.stdout, stderr: open.stderr, tty: open.tty };
    if (open.kind === 'POD_STREAM_KIND_ATTACH') return await deps.runtime.attachSession(container.id, streams);
    const size = open.size === null ? undefined : { width: open.size.width, height: open.size.height };
    return await deps.runtime.execSession(container.id, {
      ...streams,
      command: open.command,
      ...(size === undefined ? {} : { size }),
    });
  } catch (error: unknown) {
    if (error instanceof ServiceFault) throw error;
    // The runtime refused (the container stopped meanwhile, containerd said no): the caller's precondition.
    if (error instanceof WorkerTypedError) throw new ServiceFault(status.FAILED_PRECONDITION, error.message);
    throw new ServiceFault(status.INTERNAL, errorMessage(error));
  }
}

/** The caller's frames into the session, one at a time: the next is read only once the runtime took this one. */
async function pumpInput(frames: AsyncIterator<PodStreamFrame__Output>, session: RuntimeSession): Promise<void> {
  for (;;) {
    const next = await frames.next();
    if (next.done === true) break;
    const frame = next.value;
    if (frame.data !== null && frame.data !== undefined) {
      if (frame.data.channel === 'POD_STREAM_CHANNEL_STDIN') await session.write(frame.data.data);
    } else if (frame.resize !== null && frame.resize !== undefined) {
      session.resize({ width: frame.resize.width, height: frame.resize.height });
    } else if (frame.close !== null && frame.close !== undefined) {
      if (frame.close.channel === 'POD_STREAM_CHANNEL_STDIN') session.endInput();
    }
  }
  // The caller will send nothing more: that is stdin's end too.
  session.endInput();
}

async function pumpOutput(call: PodStreamCall, session: RuntimeSession): Promise<void> {
  for await (const chunk of session.output) {
    for (let offset = 0; offset < chunk.data.length; offset += streamFrameBytesMax) {
      if (call.cancelled) return;
      const data = chunk.data.subarray(offset, offset + streamFrameBytesMax);
      if (!call.write({ data: { channel: channelNames[chunk.channel], data } })) await drained(call);
    }
  }
}

function drained(call: PodStreamCall): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      call.removeListener('drain', done);
      call.removeListener('cancelled', done);
      call.removeListener('close', done);
      resolve();
    };
    call.once('drain', done);
    call.once('cancelled', done);
    call.once('close', done);
  });
}
