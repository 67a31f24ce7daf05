/**
 * Every namespace has a `default` ServiceAccount, as Kubernetes' service
 * account controller keeps it: created when the namespace appears (and again
 * if deleted), never in a terminating namespace. Pods that name no
 * ServiceAccount run as it, and their token is issued for it.
 */
import type { ServiceAccount } from '../../api/index.js';
import { noActions } from '../runtime/actions.js';
import type { ControllerDefinition } from '../runtime/run-controller.js';

export const defaultServiceAccountName = 'default';

export const defaultServiceAccountsController: ControllerDefinition = {
  name: 'service-accounts',
  primary: 'Namespace',
  watches: ['ServiceAccount'],
  keysFor: (object) =>
    object.kind === 'ServiceAccount' && object.metadata?.name === defaultServiceAccountName
      ? [object.metadata.namespace ?? '']
      : [],
  // `default` holds objects without a Namespace object of its own: it is always there.
  resyncKeys: () => ['default'],
  reconcile(key, { view }) {
    const namespace = view.get('Namespace', '', key);
    if (namespace === undefined && key !== 'default') return noActions;
    if ((namespace?.metadata?.deletionTimestamp ?? '') !== '') return noActions;
    if (view.get('ServiceAccount', key, defaultServiceAccountName) !== undefined) return noActions;
    const account: ServiceAccount = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: defaultServiceAccountName, namespace: key },
    };
    return { actions: [{ type: 'create', object: account }] };
  },
};
