/** `orca describe KIND NAME`: the object's metadata, its spec and status as YAML, and its recent Events. */
import { toYaml, type KindInfo, type ObjectOfKind, type OrcaObject } from '../api/index.js';
import type { ObjectClient } from '../client/index.js';
import { age } from '../api/index.js';
import { renderRows } from './tables.js';
import { kindFromArgument, namespaceOf, splitArguments, withClient, type VerbContext } from './verb-context.js';

const eventsShownMax = 20;

function mapLines(title: string, values: Record<string, string> | undefined): string {
  const entries = Object.entries(values ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return `${`${title}:`.padEnd(13)}<none>\n`;
  return entries
    .map(([key, value], index) => `${(index === 0 ? `${title}:` : '').padEnd(13)}${key}=${value}\n`)
    .join('');
}

function indent(text: string): string {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `  ${line}\n`)
    .join('');
}

/** Everything but metadata, apiVersion and kind, as YAML under its own heading. */
function bodySections(object: OrcaObject): string {
  const {
    metadata: _metadata,
    apiVersion: _apiVersion,
    kind: _kind,
    ...rest
  } = object as OrcaObject & Record<string, unknown>;
  const yaml = toYaml([{ ...rest, apiVersion: object.apiVersion, kind: object.kind } as OrcaObject]);
  return yaml
    .split('\n')
    .filter((line) => !line.startsWith('apiVersion:') && !line.startsWith('kind:'))
    .map((line) => (/^\S/.test(line) ? `${line[0]?.toUpperCase() ?? ''}${line.slice(1)}` : line))
    .join('\n');
}

export function describeObject(object: OrcaObject, events: readonly ObjectOfKind<'Event'>[], now: number): string {
  const meta = object.metadata ?? {};
  let text = '';
  text += `${'Name:'.padEnd(13)}${meta.name ?? ''}\n`;
  if ((meta.namespace ?? '') !== '') text += `${'Namespace:'.padEnd(13)}${meta.namespace ?? ''}\n`;
  text += mapLines('Labels', meta.labels);
  text += mapLines('Annotations', meta.annotations);
  text += `${'Created:'.padEnd(13)}${meta.creationTimestamp ?? '<unknown>'} (${age(meta.creationTimestamp, now)} ago)\n`;
  if ((meta.deletionTimestamp ?? '') !== '') text += `${'Deleting:'.padEnd(13)}since ${meta.deletionTimestamp ?? ''}\n`;
  for (const owner of meta.ownerReferences ?? [])
    text += `${'Controlled By:'.padEnd(13)}${owner.kind ?? ''}/${owner.name ?? ''}\n`;
  text += `${'Version:'.padEnd(13)}${meta.resourceVersion ?? ''} (generation ${meta.generation ?? 0})\n`;
  text += bodySections(object);
  text += describeEvents(events, now);
  return text;
}

function eventTime(event: ObjectOfKind<'Event'>): string {
  return event.lastTimestamp || event.eventTime || event.metadata?.creationTimestamp || '';
}

function describeEvents(events: readonly ObjectOfKind<'Event'>[], now: number): string {
  if (events.length === 0) return 'Events:      <none>\n';
  const rows = events.map((event) => [
    event.type ?? '',
    event.reason ?? '',
    age(eventTime(event), now),
    event.source?.component || event.reportingComponent || '',
    event.message ?? '',
  ]);
  return (
    'Events:\n' +
    indent(
      renderRows([
        ['Type', 'Reason', 'Age', 'From', 'Message'],
        ['----', '------', '----', '----', '-------'],
        ...rows,
      ]),
    )
  );
}

/** The object's Events, newest last, at most eventsShownMax (events have no field selector for their object, so filter here). */
export async function eventsAbout(
  client: ObjectClient,
  info: KindInfo,
  object: OrcaObject,
): Promise<ObjectOfKind<'Event'>[]> {
  const namespace = object.metadata?.namespace || 'default';
  const listed = await client.listAll('Event', { namespace });
  return listed.items
    .filter(
      (event) =>
        event.involvedObject?.kind === info.kind &&
        event.involvedObject.name === object.metadata?.name &&
        ((event.involvedObject.uid ?? '') === '' || event.involvedObject.uid === object.metadata?.uid),
    )
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)))
    .slice(-eventsShownMax);
}

export function describeAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, connection } = splitArguments(args);
    const info = kindFromArgument(positional[0]);
    const name = String(positional[1]);
    await withClient(context, connection, async (client) => {
      const object = await client.get({ kind: info.kind, name, namespace: namespaceOf(context, connection, options) });
      context.write(describeObject(object, await eventsAbout(client, info, object), context.now()));
    });
  };
}
