/**
 * The audit log: one JSON line per request the policy does not set to None,
 * appended to a file that rotates by size. Two halves:
 * - `auditEvent` and `redactSecrets` are pure: what a line says, given the
 *   request, the level, the time and an id.
 * - `AuditLog` is the shell: a bounded queue in front of one append stream.
 *
 * Audit never blocks or fails a request: `record` is synchronous, never
 * throws on I/O, and when the queue is full (the disk is slower than the
 * requests) the event is dropped and counted in `dropped`, which the master
 * exports as a metric. An operator who must never lose an event alerts on
 * that counter; making requests wait for the disk would turn a slow disk into
 * an outage of the whole API.
 *
 * Secrets are never written: the `data` and `stringData` values of a Secret
 * (and its last-applied-configuration annotation, which holds a copy of
 * them) become '<redacted>' in request and response bodies at every level,
 * as do the token of a TokenRequest's status and of a TokenReview's spec.
 * The keys stay, so the log still says which keys a write touched.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { assertIn } from '../assert.js';
import { AuthTypedError } from './auth-error.js';
import { auditLevel, auditLevelAtLeast, type AuditLevel, type AuditPolicy } from './audit-policy.js';

const assertAudit: (condition: unknown, message: string) => asserts condition = assertIn('audit log');

/** What the master knows of a request once it has answered it; the input of `record`. */
export interface AuditRequest {
  readonly user: string;
  readonly groups: readonly string[];
  readonly verb: string;
  /** '' for the core group. */
  readonly apiGroup: string;
  /** The Kind name (`Pod`, `Secret`); '' for a non-resource request. */
  readonly kind: string;
  /** Plural resource name (`pods`); '' for a non-resource request. */
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** The request path of a non-resource request, for the policy's nonResourceURLs. */
  readonly path?: string;
  /** The result: 'ok' or an error code ('permission-denied', 'not-found', 'invalid', ...). */
  readonly code: string;
  /** From the request's arrival to its answer. */
  readonly latencyMs: number;
  /** The decoded request body, written at level Request and above. */
  readonly requestObject?: unknown;
  /** The decoded response body, written at level RequestResponse. */
  readonly responseObject?: unknown;
}

/** One line of the audit log, as written (JSON). */
export interface AuditEvent {
  /** ISO 8601, when the event was recorded (the request's completion). */
  readonly time: string;
  /** Random, unique per event, for correlating with other logs. */
  readonly auditId: string;
  readonly level: AuditLevel;
  readonly user: string;
  readonly groups: readonly string[];
  readonly verb: string;
  readonly apiGroup: string;
  readonly kind: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly code: string;
  readonly latencyMs: number;
  /** At Request and RequestResponse, with Secrets' data redacted. */
  readonly requestObject?: unknown;
  /** At RequestResponse, with Secrets' data redacted. */
  readonly responseObject?: unknown;
  /** Set when the bodies were left out because the line would exceed `lineBytesMax`. */
  readonly objectsOmitted?: 'too-large';
}

/** What replaces a secret value. */
export const redacted = '<redacted>';

/** Nesting deeper than this in a body is cut (a body this deep is an attack, not an object). */
const redactDepthMax = 100;
const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** The event a request makes at `level` (not None): bodies by level, Secrets redacted. Pure. */
export function auditEvent(
  request: AuditRequest,
  context: { readonly level: AuditLevel; readonly time: string; readonly auditId: string },
): AuditEvent {
  assertAudit(context.level !== 'None', 'an event at level None is never built');
  assertAudit(Number.isFinite(request.latencyMs) && request.latencyMs >= 0, `latencyMs ${request.latencyMs}`);
  const event: AuditEvent = {
    time: context.time,
    auditId: context.auditId,
    level: context.level,
    user: request.user,
    groups: [...request.groups],
    verb: request.verb,
    apiGroup: request.apiGroup,
    kind: request.kind,
    resource: request.resource,
    subresource: request.subresource,
    namespace: request.namespace,
    name: request.name,
    code: request.code,
    latencyMs: request.latencyMs,
  };
  const withRequest =
    auditLevelAtLeast(context.level, 'Request') && request.requestObject !== undefined
      ? { ...event, requestObject: redactSecrets(request.requestObject, request.kind) }
      : event;
  return auditLevelAtLeast(context.level, 'RequestResponse') && request.responseObject !== undefined
    ? { ...withRequest, responseObject: redactSecrets(request.responseObject, request.kind) }
    : withRequest;
}

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of a body with every secret value replaced by '<redacted>'. An
 * object is a Secret when its `kind` says so, or, in a request about Secrets
 * (`kind` = 'Secret'), when it names no other kind: a patch carries no kind.
 * Lists (`items`), JSON patches (`[{op, path, value}]`) and an Orca `Object`
 * wrapper (`{secret: {...}}`) are looked into.
 */
export function redactSecrets(body: unknown, requestKind: string): unknown {
  return redactValue(body, requestKind === 'Secret', 0);
}

function redactValue(value: unknown, aboutSecrets: boolean, depth: number): unknown {
  if (depth > redactDepthMax) return redacted;
  if (Array.isArray(value)) return value.map((entry: unknown) => redactEntry(entry, aboutSecrets, depth + 1));
  if (!isMapping(value)) return value;
  const kind = typeof value['kind'] === 'string' ? value['kind'] : '';
  const isSecret = kind === 'Secret' || (aboutSecrets && kind === '');
  const result: Mapping = {};
  for (const [key, child] of Object.entries(value)) {
    result[key] = redactField({ key, child, kind, isSecret, aboutSecrets, depth });
  }
  return result;
}

/** An array entry: a JSON patch operation on a Secret loses its value. */
function redactEntry(entry: unknown, aboutSecrets: boolean, depth: number): unknown {
  if (aboutSecrets && isMapping(entry) && typeof entry['op'] === 'string' && 'value' in entry) {
    return { ...entry, value: redacted };
  }
  return redactValue(entry, aboutSecrets, depth);
}

interface Field {
  readonly key: string;
  readonly child: unknown;
  readonly kind: string;
  readonly isSecret: boolean;
  readonly aboutSecrets: boolean;
  readonly depth: number;
}

function redactField(field: Field): unknown {
  const { key, child, kind, isSecret, aboutSecrets, depth } = field;
  if (isSecret && (key === 'data' || key === 'stringData')) return redactValues(child);
  if (isSecret && key === 'metadata' && isMapping(child)) return redactLastApplied(child);
  if (key === 'items') return redactValue(child, aboutSecrets || kind === 'SecretList', depth + 1);
  if (key === 'secret' && isMapping(child)) return redactValue(child, true, depth + 1);
  if ((kind === 'TokenRequest' && key === 'status') || (kind === 'TokenReview' && key === 'spec')) {
    return isMapping(child) && 'token' in child ? { ...child, token: redacted } : child;
  }
  return redactValue(child, false, depth + 1);
}

function redactValues(data: unknown): unknown {
  if (!isMapping(data)) return data === undefined || data === null ? data : redacted;
  return Object.fromEntries(Object.keys(data).map((key) => [key, redacted]));
}

function redactLastApplied(metadata: Mapping): Mapping {
  const annotations = metadata['annotations'];
  if (!isMapping(annotations) || !(lastAppliedAnnotation in annotations)) return metadata;
  return { ...metadata, annotations: { ...annotations, [lastAppliedAnnotation]: redacted } };
}

/** Options of an AuditLog; see `defaultAuditLogOptions` for the limits' defaults. */
export interface AuditLogOptions {
  /** The log file (`…/audit.log`); backups are `audit.log.1` (newest) … `audit.log.N`. */
  readonly file: string;
  readonly policy: AuditPolicy;
  /** A file is rotated before a line would take it past this size. A single longer line gets a file of its own. */
  readonly maxBytes?: number;
  /** Rotated files kept; 0 keeps none (the file starts over). */
  readonly maxBackups?: number;
  /** Events waiting for the disk; beyond this they are dropped and counted. */
  readonly queueEventsMax?: number;
  /** Bytes waiting for the disk; beyond this events are dropped and counted. */
  readonly queueBytesMax?: number;
  /** A line longer than this is written without its bodies (`objectsOmitted: 'too-large'`). */
  readonly lineBytesMax?: number;
  /** Epoch milliseconds; tests pass a fixed clock. */
  readonly clock?: () => number;
  /** The audit id of each event; a random UUID by default. */
  readonly newAuditId?: () => string;
  /** Told of each write or rotation failure (the master logs it); the events involved are counted in `dropped`. */
  readonly onError?: (error: Error) => void;
}

export const defaultAuditLogOptions = {
  maxBytes: 100 * 1024 * 1024,
  maxBackups: 5,
  queueEventsMax: 10_000,
  queueBytesMax: 64 * 1024 * 1024,
  lineBytesMax: 4 * 1024 * 1024,
} as const;

/** The most backups a log may keep (each may be maxBytes). */
export const auditLogBackupsMax = 1000;
/** The most bytes one write to the file carries, so a long queue drains in steps. */
const writeBytesMax = 1024 * 1024;

export type AuditLogErrorCode = 'invalid-config';

/** An AuditLog option that breaks a rule; the message names it. */
export class AuditLogError extends AuthTypedError<AuditLogErrorCode> {
  override readonly name = 'AuditLogError';
}

/** AuditLogOptions with every default filled in. */
export type ResolvedAuditLogOptions = Required<Omit<AuditLogOptions, 'onError'>> & Pick<AuditLogOptions, 'onError'>;

/** Fills in the defaults and checks every option; throws AuditLogError naming the first one broken. */
export function validateAuditLogOptions(options: AuditLogOptions): ResolvedAuditLogOptions {
  const resolved: ResolvedAuditLogOptions = {
    ...defaultAuditLogOptions,
    clock: Date.now,
    newAuditId: () => randomUUID(),
    ...withoutUndefined(options),
    file: options.file,
    policy: options.policy,
  };
  if (resolved.file === '') throw new AuditLogError('invalid-config', 'file: must not be empty');
  const integers: [keyof typeof defaultAuditLogOptions, number, number][] = [
    ['maxBytes', 1, Number.MAX_SAFE_INTEGER],
    ['maxBackups', 0, auditLogBackupsMax],
    ['queueEventsMax', 1, 10_000_000],
    ['queueBytesMax', 1, Number.MAX_SAFE_INTEGER],
    ['lineBytesMax', 1024, Number.MAX_SAFE_INTEGER],
  ];
  for (const [name, minimum, maximum] of integers) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < minimum || value > maximum) {
      throw new AuditLogError(
        'invalid-config',
        `${name}: must be an integer from ${minimum} to ${maximum}, is ${value}`,
      );
    }
  }
  if (resolved.lineBytesMax > resolved.queueBytesMax) {
    throw new AuditLogError(
      'invalid-config',
      'lineBytesMax: must be at most queueBytesMax, or a long line could never be queued',
    );
  }
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

interface QueuedLine {
  readonly text: string;
  readonly bytes: number;
}

/**
 * Appends audit events to a file through one write stream, rotating it by
 * size. Each write carries whole lines and a rotation happens only between
 * writes, so no line is ever split across files. `flush` waits for the disk;
 * nothing else does.
 */
export class AuditLog {
  private readonly options: ResolvedAuditLogOptions;
  private readonly queue: QueuedLine[] = [];
  private queueBytes = 0;
  private stream: WriteStream | undefined;
  /** The current file's size, as far as this process has written it (read once when the file is opened). */
  private fileBytes = 0;
  private draining: Promise<void> | undefined;
  private accepted = 0;
  private settled = 0;
  private droppedCount = 0;
  private writtenCount = 0;
  private closed = false;
  private readonly waiters: { readonly target: number; readonly resolve: () => void }[] = [];

  constructor(options: AuditLogOptions) {
    this.options = validateAuditLogOptions(options);
  }

  /** Events not written: the queue was full, a write failed, or the log was closed. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Events handed to the file. */
  get written(): number {
    return this.writtenCount;
  }

  /**
   * Records one request: decides its level by the policy and, unless None,
   * queues its line. Never blocks and never throws on I/O. Returns the event
   * (undefined at level None), whether or not it could be queued.
   */
  record(request: AuditRequest): AuditEvent | undefined {
    const level = auditLevel(this.options.policy, request);
    if (level === 'None') return undefined;
    const event = auditEvent(request, {
      level,
      time: new Date(this.options.clock()).toISOString(),
      auditId: this.options.newAuditId(),
    });
    const line = this.encode(event);
    const queueFull =
      this.queue.length >= this.options.queueEventsMax || this.queueBytes + line.bytes > this.options.queueBytesMax;
    if (this.closed || queueFull) {
      this.droppedCount += 1;
      return event;
    }
    this.queue.push(line);
    this.queueBytes += line.bytes;
    this.accepted += 1;
    // The queue is not empty, so drain() awaits before it can clear `draining`: the promise stored is the live one.
    this.draining ??= this.drain();
    return event;
  }

  /** Resolves when every event recorded before the call is written (or counted as dropped). */
  flush(): Promise<void> {
    if (this.settled >= this.accepted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target: this.accepted, resolve }));
  }

  /** Flushes, closes the file, and counts every later event as dropped. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.draining;
    await this.closeStream();
  }

  private encode(event: AuditEvent): QueuedLine {
    let text = JSON.stringify(event) + '\n';
    let bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.options.lineBytesMax) {
      const { requestObject: _request, responseObject: _response, ...metadata } = event;
      text = JSON.stringify({ ...metadata, objectsOmitted: 'too-large' }) + '\n';
      bytes = Buffer.byteLength(text, 'utf8');
    }
    assertAudit(bytes <= this.options.lineBytesMax, `a line without bodies is ${bytes} bytes`);
    return { text, bytes };
  }

  /**
   * Writes until the queue is empty. `draining` is cleared in the same
   * synchronous step that sees the queue empty, so an event recorded after
   * that starts a new drain and is never left behind.
   */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = await this.nextBatch();
        try {
          await this.write(batch);
          this.writtenCount += batch.count;
        } catch (error: unknown) {
          this.fail(error, batch.count);
        }
        this.settle(batch.count);
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** Rotates if the next line does not fit, then takes the lines that fit in the current file. */
  private async nextBatch(): Promise<{ readonly text: string; readonly bytes: number; readonly count: number }> {
    try {
      await this.openOrRotate();
    } catch (error: unknown) {
      // The batch below then fails to write and is counted; the next one tries to open the file again.
      this.options.onError?.(asError(error));
    }
    let bytes = 0;
    let count = 0;
    for (const line of this.queue) {
      const fits = this.fileBytes + bytes + line.bytes <= this.options.maxBytes && bytes + line.bytes <= writeBytesMax;
      if (count > 0 && !fits) break;
      bytes += line.bytes;
      count += 1;
    }
    const lines = this.queue.splice(0, count);
    this.queueBytes -= bytes;
    return { text: lines.map((line) => line.text).join(''), bytes, count };
  }

  private async openOrRotate(): Promise<void> {
    const first = this.queue[0];
    assertAudit(first !== undefined, 'a batch is taken from a non-empty queue');
    if (this.stream === undefined) await this.open();
    if (this.fileBytes > 0 && this.fileBytes + first.bytes > this.options.maxBytes) {
      await this.closeStream();
      await this.shiftBackups();
      await this.open();
    }
  }

  private async open(): Promise<void> {
    this.fileBytes = await fileSize(this.options.file);
    const stream = createWriteStream(this.options.file, { flags: 'a' });
    // Without a listener an 'error' event would crash the process; the failing write reports it instead.
    stream.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      stream.once('ready', () => resolve());
      stream.once('error', reject);
    });
    this.stream = stream;
  }

  /** audit.log.(N-1) → audit.log.N, …, audit.log → audit.log.1; with no backups the file is removed. */
  private async shiftBackups(): Promise<void> {
    const file = this.options.file;
    if (this.options.maxBackups === 0) {
      await ignoreMissing(unlink(file));
      return;
    }
    for (let index = this.options.maxBackups - 1; index >= 1; index -= 1) {
      await ignoreMissing(rename(`${file}.${index}`, `${file}.${index + 1}`));
    }
    await rename(file, `${file}.1`);
  }

  private write(batch: { readonly text: string; readonly bytes: number }): Promise<void> {
    const stream = this.stream;
    if (stream === undefined) return Promise.reject(new Error(`audit log ${this.options.file} is not open`));
    return new Promise((resolve, reject) => {
      stream.write(batch.text, (error) => {
        if (error === undefined || error === null) {
          this.fileBytes += batch.bytes;
          resolve();
        } else {
          reject(error);
        }
      });
    });
  }

  private fail(error: unknown, count: number): void {
    this.droppedCount += count;
    this.options.onError?.(asError(error));
    // Start over with a fresh stream (and a fresh size) on the next batch.
    this.stream?.destroy();
    this.stream = undefined;
  }

  private settle(count: number): void {
    this.settled += count;
    for (let index = this.waiters.length - 1; index >= 0; index -= 1) {
      const waiter = this.waiters[index];
      if (waiter !== undefined && waiter.target <= this.settled) {
        this.waiters.splice(index, 1);
        waiter.resolve();
      }
    }
  }

  private async closeStream(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream === undefined) return;
    await new Promise<void>((resolve) => stream.end(() => resolve()));
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error: unknown) {
    if (isMissing(error)) return 0;
    throw error;
  }
}

async function ignoreMissing(operation: Promise<void>): Promise<void> {
  try {
    await operation;
  } catch (error: unknown) {
    if (!isMissing(error)) throw error;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
