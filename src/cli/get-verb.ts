/** `orca get KIND [NAME] [-n NS | -A] [-l SELECTOR] [-o wide|yaml|json] [-w]`. */
import { encodeObject, toJson, toYaml, type KindInfo, type OrcaObject } from '../api/index.js';
import type { ObjectClient } from '../client/index.js';
import { CliError } from './errors.js';
import { formatTable } from './tables.js';
import { kindFromArgument, splitArguments, withClient, type VerbContext } from './verb-context.js';

type OutputFormat = 'table' | 'wide' | 'yaml' | 'json';

function outputFormat(value: unknown): OutputFormat {
  if (value === undefined) return 'table';
  if (value === 'wide' || value === 'yaml' || value === 'json') return value;
  throw new CliError('usage', `-o: unknown output format "${String(value)}" (wide, yaml or json)`);
}

export interface GetRequest {
  readonly info: KindInfo;
  readonly name: string | undefined;
  readonly namespace: string;
  readonly allNamespaces: boolean;
  readonly selector: string | undefined;
  readonly format: OutputFormat;
}

/** The objects as the user asked to see them. */
export function renderObjects(request: GetRequest, objects: readonly OrcaObject[], now: number, noHeaders = false): string {
  switch (request.format) {
    case 'yaml':
      return objects.length === 0 ? '' : toYaml(objects);
    case 'json':
      // one object by name prints as itself; a listing is always a List, as kubectl prints it
      if (request.name !== undefined && objects[0] !== undefined) return toJson(objects[0]) + '\n';
      return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map(encodeObject) }, null, 2) + '\n';
    default:
      return formatTable(request.info.kind, objects, { wide: request.format === 'wide', allNamespaces: request.allNamespaces && request.info.namespaced, now, noHeaders });
  }
}

async function fetchObjects(client: ObjectClient, request: GetRequest): Promise<{ objects: OrcaObject[]; resourceVersion: string }> {
  if (request.name !== undefined) {
    const object = await client.get({ kind: request.info.kind, namespace: request.namespace, name: request.name });
    return { objects: [object], resourceVersion: object.metadata?.resourceVersion ?? '' };
  }
  const listed = await client.listAll(request.info.kind, { namespace: request.allNamespaces ? '' : request.namespace, labelSelector: request.selector });
  return { objects: listed.items, resourceVersion: listed.resourceVersion };
}

function parseRequest(positional: unknown[], options: Record<string, unknown>): GetRequest {
  const info = kindFromArgument(positional[0]);
  const name = typeof positional[1] === 'string' ? positional[1] : undefined;
  const allNamespaces = options['allNamespaces'] === true;
  if (allNamespaces && name !== undefined) throw new CliError('usage', 'a name cannot be given with -A (--all-namespaces)');
  return { info, name, namespace: String(options['namespace'] ?? 'default'), allNamespaces, selector: options['selector'] as string | undefined, format: outputFormat(options['output']) };
}

export function getAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, server } = splitArguments(args);
    const request = parseRequest(positional, options);
    await withClient(context, server, async (client) => {
      const { objects, resourceVersion } = await fetchObjects(client, request);
      if (objects.length === 0 && (request.format === 'table' || request.format === 'wide')) {
        context.warn(request.allNamespaces || !request.info.namespaced ? 'No resources found\n' : `No resources found in ${request.namespace} namespace.\n`);
      } else {
        context.write(renderObjects(request, objects, context.now()));
      }
      if (options['watch'] === true) await watchAndPrint(client, request, resourceVersion, context);
    });
  };
}

/** Prints each change as one more row (or document) until the context's stop signal. */
async function watchAndPrint(client: ObjectClient, request: GetRequest, resourceVersion: string, context: VerbContext): Promise<void> {
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
      const text = request.format === 'yaml' ? `---\n${toYaml([event.object])}`
        : request.format === 'json' ? toJson(event.object) + '\n'
          : renderObjects(request, [event.object], context.now(), true);
      context.write(text);
    }
  } finally {
    context.stop?.removeEventListener('abort', stop);
  }
}
