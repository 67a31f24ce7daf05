/** The Kubernetes REST API: the public surface cmd/orca.ts wires into every master. */
export { kubeApi, kubernetesVersion, type KubeApiOptions } from './kube-api.js';
