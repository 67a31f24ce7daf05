/**
 * `orca auth can-i` and `orca auth whoami`: the cluster's own answer
 * (ReviewAccess, a dry run of its authorizer) about the caller, as kubectl
 * prints it: `yes` (exit 0) or `no` (exit 1, the reason on standard error).
 */
import { resolveResourceName } from '../api/index.js';
import { CliError } from './errors.js';
import type { Action, VerbName } from './program.js';
import { renderRows } from './tables.js';
import { namespaceOf, splitArguments, withClient, type VerbContext } from './verb-context.js';

const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

export interface AccessQuestion {
  readonly verb: string;
  /** `pods`, `pods/log`: a resource the server knows, with its subresource. */
  readonly resource: string;
  readonly name?: string;
  /** "" for cluster-scoped resources and -A. */
  readonly namespace: string;
}

/** The question `can-i VERB RESOURCE[/SUB] [NAME]` asks; short names (`po`, `deploy`) become the plural. */
export function accessQuestion(
  positional: readonly unknown[],
  options: { allNamespaces: boolean; namespace: () => string },
): AccessQuestion {
  const [verb, resource, name] = positional;
  if (typeof verb !== 'string' || !(verbs as readonly string[]).includes(verb))
    throw new CliError('usage', `can-i: VERB must be one of ${verbs.join(', ')}`);
  if (typeof resource !== 'string' || resource === '')
    throw new CliError('usage', 'can-i: RESOURCE is required, e.g. `pods` or `pods/log`');
  const [base = '', subresource] = resource.split('/', 2);
  const info = resolveResourceName(base);
  if (info === undefined) throw new CliError('usage', `can-i: the server doesn't have a resource type "${base}"`);
  const namespace = !info.namespaced || options.allNamespaces ? '' : options.namespace();
  return {
    verb,
    resource: subresource === undefined ? info.plural : `${info.plural}/${subresource}`,
    ...(typeof name === 'string' && name !== '' ? { name } : {}),
    namespace,
  };
}

function canIAction(context: VerbContext): Action {
  return async (...args: unknown[]) => {
    const { positional, options, connection } = splitArguments(args);
    const question = accessQuestion(positional, {
      allNamespaces: options['allNamespaces'] === true,
      namespace: () => namespaceOf(context, connection, options),
    });
    const answer = await withClient(context, connection, (client) => client.reviewAccess(question));
    if (answer.allowed) {
      context.write('yes\n');
      return;
    }
    context.write('no\n');
    const where = question.namespace === '' ? '' : ` in namespace "${question.namespace}"`;
    throw new CliError(
      'forbidden',
      answer.reason !== ''
        ? answer.reason
        : `user "${answer.user}" may not ${question.verb} ${question.resource}${where}`,
    );
  };
}

// Any question does: the answer names the caller whatever it says; listing namespaces is one every cluster knows.
function whoamiAction(context: VerbContext): Action {
  return async (...args: unknown[]) => {
    const { connection } = splitArguments(args);
    const answer = await withClient(context, connection, (client) =>
      client.reviewAccess({ verb: 'get', resource: 'namespaces' }),
    );
    context.write(formatWhoami(answer));
  };
}

/** `orca auth whoami`, as kubectl's table: the user name and groups. */
export function formatWhoami(answer: { user: string; groups: readonly string[] }): string {
  return renderRows([
    ['ATTRIBUTE', 'VALUE'],
    ['Username', answer.user],
    ['Groups', `[${answer.groups.join(' ')}]`],
  ]);
}

/** The `orca auth` actions, by verb name. */
export function authActions(context: VerbContext): Partial<Record<VerbName, Action>> {
  return { 'auth can-i': canIAction(context), 'auth whoami': whoamiAction(context) };
}
