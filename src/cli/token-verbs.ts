/**
 * `orca token create | list | revoke`: join tokens are Secrets
 * `kube-system/bootstrap-token-<id>` (src/api/join-token.ts), so making,
 * listing and revoking one is an object write or read with the caller's own
 * credentials, governed by RBAC like any other. The printed token pins the
 * CA of the current context's cluster; its secret is shown once, at creation.
 */
import {
  formatJoinToken,
  generateTokenPair,
  joinTokenNamespace,
  joinTokenRecordFrom,
  joinTokenSecretData,
  joinTokenSecretName,
  joinTokenSecretType,
  type JoinRole,
  type JoinTokenRecord,
  type ObjectOfKind,
} from '../api/index.js';
import { caHashOf, isClientError } from '../client/index.js';
import { humanDuration } from '../api/index.js';
import { CliError } from './errors.js';
import type { Action, VerbName } from './program.js';
import { renderRows } from './tables.js';
import { splitArguments, withClient, type VerbContext } from './verb-context.js';

type Secret = ObjectOfKind<'Secret'>;

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ttlMsMax = 366 * 86_400_000;
const descriptionLengthMax = 256;

/** `24h`, `30m`, `1h30m`, `7d`, `90s` in ms; `0` = never expires (undefined). */
export function parseTtl(text: string): number | undefined {
  if (text === '0') return undefined;
  const rule = `--ttl ${text}: must be a duration such as 24h, 30m, 1h30m or 7d (0 = never expires)`;
  if (!/^(\d{1,6}[smhd])+$/.test(text)) throw new CliError('usage', rule);
  let ms = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)([smhd])/g)) ms += Number(count) * (unitMs[unit ?? ''] ?? 0);
  if (ms <= 0) throw new CliError('usage', rule);
  if (ms > ttlMsMax) throw new CliError('usage', `--ttl ${text}: at most 366d (or 0: never expires)`);
  return ms;
}

/** RFC 3339 without milliseconds, as bootstrap token Secrets carry it. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function roleOf(value: unknown): JoinRole {
  if (value === 'worker' || value === 'master') return value;
  throw new CliError('usage', `--role ${String(value)}: must be worker or master`);
}

/** The record a `token create` with these options stores (pure: the pair and the time come in). */
export function newTokenRecord(
  pair: { id: string; secret: string },
  options: { role: unknown; ttl: string; description?: string },
  nowMs: number,
): JoinTokenRecord {
  const ttlMs = parseTtl(options.ttl);
  const description = options.description;
  if (description !== undefined && (description.length > descriptionLengthMax || /[\r\n]/.test(description)))
    throw new CliError('usage', `--description: one line of at most ${descriptionLengthMax} characters`);
  return {
    ...pair,
    role: roleOf(options.role),
    ...(ttlMs === undefined ? {} : { expiration: rfc3339(nowMs + ttlMs) }),
    ...(description === undefined || description === '' ? {} : { description }),
  };
}

/** The Secret that keeps `record`: its data base64, as Secrets hold it. */
export function tokenSecret(record: JoinTokenRecord): Secret {
  const data = Object.fromEntries(
    Object.entries(joinTokenSecretData(record)).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: joinTokenSecretName(record.id), namespace: joinTokenNamespace },
    type: joinTokenSecretType,
    data,
  } as Secret;
}

/** The record a token Secret keeps, or undefined when it is not a well-formed one. */
export function recordOfSecret(secret: Secret): JoinTokenRecord | undefined {
  if (secret.type !== joinTokenSecretType) return undefined;
  const decoded = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
  );
  return joinTokenRecordFrom(decoded);
}

/** `orca token list`: TOKEN-ID ROLE TTL EXPIRES DESCRIPTION; the secret is never printed. */
export function tokensTable(records: readonly JoinTokenRecord[], nowMs: number): string {
  const rows = [...records]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((record) => {
      const expires = record.expiration === undefined ? undefined : Date.parse(record.expiration);
      const ttl =
        expires === undefined
          ? '<forever>'
          : Number.isNaN(expires) || expires <= nowMs
            ? '<expired>'
            : humanDuration(expires - nowMs);
      return [record.id, record.role, ttl, record.expiration ?? '<never>', record.description ?? ''];
    });
  return renderRows([['TOKEN-ID', 'ROLE', 'TTL', 'EXPIRES', 'DESCRIPTION'], ...rows]);
}

/** The id of `id`, `id.secret` or a whole join token. */
export function tokenIdOf(text: unknown): string {
  const match = typeof text === 'string' ? /^(?:K10[0-9a-f]{64}::)?([a-z0-9]{6})(?:\.[a-z0-9]{16})?$/.exec(text) : null;
  if (match === null || match[1] === undefined)
    throw new CliError('usage', 'token revoke: give the token id (6 characters of a-z0-9, as `orca token list` shows)');
  return match[1];
}

function createAction(context: VerbContext): Action {
  return async (...args: unknown[]) => {
    const { options, connection } = splitArguments(args);
    const record = newTokenRecord(
      generateTokenPair(),
      {
        role: options['role'] ?? 'worker',
        ttl: typeof options['ttl'] === 'string' ? options['ttl'] : '24h',
        ...(typeof options['description'] === 'string' ? { description: options['description'] } : {}),
      },
      context.now(),
    );
    await withClient(context, connection, async (client, resolved) => {
      const caPem = (resolved.tls ?? context.clientOptions?.tls)?.current.caPem;
      if (caPem === undefined)
        throw new CliError(
          'usage',
          "the current context's cluster has no CA (certificate-authority-data): an insecure cluster has no join tokens",
        );
      await client.create(tokenSecret(record));
      context.write(`${formatJoinToken(caHashOf(caPem), record.id, record.secret)}\n`);
    });
  };
}

function listAction(context: VerbContext): Action {
  return async (...args: unknown[]) => {
    const { connection } = splitArguments(args);
    await withClient(context, connection, async (client) => {
      const secrets = await client.listAll('Secret', { namespace: joinTokenNamespace });
      const records = secrets.items.flatMap((secret) => recordOfSecret(secret) ?? []);
      if (records.length === 0) context.warn('No join tokens found\n');
      else context.write(tokensTable(records, context.now()));
    });
  };
}

function revokeAction(context: VerbContext): Action {
  return async (...args: unknown[]) => {
    const { positional, connection } = splitArguments(args);
    const id = tokenIdOf(positional[0]);
    await withClient(context, connection, async (client) => {
      try {
        await client.delete({ kind: 'Secret', namespace: joinTokenNamespace, name: joinTokenSecretName(id) });
      } catch (error: unknown) {
        if (isClientError(error, 'not-found'))
          throw new CliError('failed', `join token ${id} not found (\`orca token list\` shows the tokens)`);
        throw error;
      }
      context.write(`join token ${id} revoked\n`);
    });
  };
}

/** The `orca token` actions, by verb name. */
export function tokenActions(context: VerbContext): Partial<Record<VerbName, Action>> {
  return {
    'token create': createAction(context),
    'token list': listAction(context),
    'token revoke': revokeAction(context),
  };
}
