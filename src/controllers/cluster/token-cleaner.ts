/**
 * Expired join tokens are deleted, as Kubernetes' token cleaner does: a
 * bootstrap-token Secret in kube-system whose `expiration` has passed goes
 * away (the master refuses it from its expiration on regardless: this keeps
 * `orca token list` and the state clean). A token that expires later is
 * looked at again then.
 */
import { joinTokenNamespace, joinTokenSecretType, type Secret } from '../../api/index.js';
import { deleteAction, noActions } from '../runtime/actions.js';
import type { ControllerDefinition } from '../runtime/run-controller.js';

/** The expiration a token Secret keeps (data base64, as Secrets hold it), in ms; undefined when it never expires. */
export function tokenExpiresAt(secret: Secret): number | undefined {
  const raw = secret.data?.['expiration'];
  if (raw === undefined) return undefined;
  const at = Date.parse(Buffer.from(raw, 'base64').toString('utf8'));
  return Number.isFinite(at) ? at : undefined;
}

export const tokenCleanerController: ControllerDefinition = {
  name: 'token-cleaner',
  primary: 'Secret',
  watches: [],
  namespaces: { Secret: joinTokenNamespace },
  reconcile(key, { view, now }) {
    const [namespace = '', name = ''] = key.split('/');
    const secret = view.get('Secret', namespace, name) as Secret | undefined;
    if (secret === undefined || secret.type !== joinTokenSecretType) return noActions;
    const expiresAt = tokenExpiresAt(secret);
    if (expiresAt === undefined) return noActions;
    if (expiresAt <= now) return { actions: [deleteAction(secret)] };
    return { actions: [], requeueAfterMs: expiresAt - now };
  },
};
