/** `orca get KIND [NAME] [-n NS | -A] [-l SELECTOR] [-o wide|yaml|json] [-w]`. */
import { encodeObject, toJson, toYaml, type KindInfo, type OrcaObject } from '../api/index.js';
import type { ObjectClient } from '../client/index.js';
import { CliError } from './errors.js';
import { formatTable } from './tables.js';
import { kindFromArgument, namespaceOf, splitArguments, withClient, type VerbContext } from './verb-context.js';

type OutputFormat = 'table' | 'wide' | 'yaml' | 'json';

function outputFormat(value: unknown): OutputFormat {
  if (value === undefined) return 'table';
  if (value === 'wide' || value === 'yaml' || value === 'json') return value;
  throw new CliError('usage', `-o: unknown output format "${String(value)}" (wide, yaml or json)`);
}

export interface GetRequest {
  readonly info: KindInfo;
  /** Set when one get lists several kinds (`svc,ep,ing`): rows are named `kind/name`. */
  readonly namePrefix?: string;
  readonly name: string | undefined;
  readonly namespace: string;
  readonly allNamespaces: boolean;
  readonly selector: string | undefined;
  readonly format: OutputFormat;
}

/** The objects as the user asked to see them. */
export function renderObjects(
  request: GetRequest,
  objects: readonly OrcaObject[],
  now: number,
  noHeaders = false,
): string {
  switch (request.format) {
    case 'yaml':
      return objects.length === 0 ? '' : toYaml(objects);
    case 'json':
      // one object by name prints as itself; a listing is always a List, as kubectl prints it
      if (request.name !== undefined && objects[0] !== undefined) return toJson(objects[0]) + '\n';
      return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map(encodeObject) }, null, 2) + '\n';
    default:
      return formatTable(request.info.kind, objects, {
        wide: request.format === 'wide',
        allNamespaces: request.allNamespaces && request.info.namespaced,
        now,
        noHeaders,
        ...(request.namePrefix === undefined ? {} : { namePrefix: request.namePrefix }),
      });
  }
}

async function fetchObjects(
  client: ObjectClient,
  request: GetRequest,
): Promise<{ objects: OrcaObject[]; resourceVersion: string }> {
  if (request.name !== undefined) {
    const object = await client.get({ kind: request.info.kind, namespace: request.namespace, name: request.name });
    return { objects: [object], resourceVersion: object.metadata?.resourceVersion ?? '' };
  }
  const listed = await client.listAll(request.info.kind, {
    namespace: request.allNamespaces ? '' : request.namespace,
    labelSelector: request.selector,
  });
  return { objects: listed.items, resourceVersion: listed.resourceVersion };
}

/** One request per kind: `orca get svc,ep,ing` lists each kind in turn, as kubectl does. */
function parseRequests(positional: unknown[], options: Record<string, unknown>, namespace: () => string): GetRequest[] {
  const kindNames = typeof positional[0] === 'string' ? positional[0].split(',') : [positional[0]];
  const infos = kindNames.map((kindName) => kindFromArgument(kindName));
  const name = typeof positional[1] === 'string' ? positional[1] : undefined;
  const allNamespaces = options['allNamespaces'] === true;
  if (allNamespaces && name !== undefined)
    throw new CliError('usage', 'a name cannot be given with -A (--all-namespaces)');
  const format = outputFormat(options['output']);
  if (infos.length > 1 && options['watch'] === true)
    throw new CliError('usage', '-w (--watch) takes one kind, not a list');
  const resolvedNamespace = allNamespaces ? '' : namespace();
  return infos.map((info) => ({
    info,
    name,
    namespace: resolvedNamespace,
    allNamespaces,
    selector: options['selector'] as string | undefined,
    format,
    ...(infos.length > 1 ? { namePrefix: info.singular } : {}),
  }));
}

export function getAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, connection } = splitArguments(args);
    const requests = parseRequests(positional, options, () => namespaceOf(context, connection, options));
    await withClient(context, connection, async (client) => {
      let printed = 0;
      for (const request of requests) {
        const { objects, resourceVersion } = await fetchObjects(client, request);
        if (objects.length > 0 || request.format === 'yaml' || request.format === 'json') {
          // kubectl separates the tables of several kinds by an empty line
          if (printed > 0 && objects.length > 0 && (request.format === 'table' || request.format === 'wide'))
            context.write('\n');
          if (objects.length > 0 || requests.length === 1)
            context.write(renderObjects(request, objects, context.now()));
          printed += objects.length;
        }
        if (options['watch'] === true) await watchAndPrint(client, request, resourceVersion, context);
      }
      const first = requests[0];
      if (printed === 0 && first !== undefined && (first.format === 'table' || first.format === 'wide')) {
        context.warn(
          first.allNamespaces || (requests.length === 1 && !first.info.namespaced)
            ? 'No resources found\n'
            : `No resources found in ${first.namespace} namespace.\n`,
        );
      }
    });
  };
}

/** Prints each change as one more row (or document) until the context's stop signal. */
async function watchAndPrint(
  client: ObjectClient,
  request: GetRequest,
  resourceVersion: string,
  context: VerbContext,
): Promise<void> {
  const watch = client.watch(request.info.kind, {
    namespace: request.allNamespaces ? '' : request.namespace,
    labelSelector: request.selector,
    fieldSelector: request.name === undefined ? undefined : `metadata.name=${request.name}`,
    resourceVersion,
  });
  const stop = (): void => watch.close();
  context.stop?.addEventListener('abort', stop, { once: true });
  try {
    for await (const event of watch) {
      const text =
        request.format === 'yaml'
          ? `---\n${toYaml([event.object])}`
          : request.format === 'json'
            ? toJson(event.object) + '\n'
            : renderObjects(request, [event.object], context.now(), true);
      context.write(text);
    }
  } finally {
    context.stop?.removeEventListener('abort', stop);
  }
}
