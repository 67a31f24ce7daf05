/**
 * The `orca` command tree. Every verb is declared here with its flags and help;
 * `cmd/orca.ts` attaches the actions that need the server side (master, worker,
 * up). A verb whose implementation is not part of this build fails with a clear
 * "not built" error and exit code 4 instead of pretending to work.
 */
import { Command, CommanderError } from 'commander';
import { orcaVersion, apiVersion } from '../version.js';
import { CliError } from './errors.js';

export type Action = (...args: unknown[]) => Promise<void> | void;

/** Names of the actions a build can supply; missing ones answer "not built". */
export type VerbName =
  | 'master'
  | 'worker'
  | 'up'
  | 'apply'
  | 'get'
  | 'describe'
  | 'delete'
  | 'logs'
  | 'exec'
  | 'scale'
  | 'rollout'
  | 'cordon'
  | 'uncordon'
  | 'drain'
  | 'cluster'
  | 'config view'
  | 'config get-contexts'
  | 'config current-context'
  | 'config use-context'
  | 'config set-context'
  | 'config set-credentials'
  | 'config set-cluster'
  | 'token create'
  | 'token list'
  | 'token revoke'
  | 'auth can-i'
  | 'auth whoami'
  | 'kubeconfig';

export type Actions = Partial<Record<VerbName, Action>>;

const namespaceHelp = "namespace (default: the context's, else default)";

function notBuilt(verb: string): Action {
  return () => {
    throw new CliError('not-built', `'orca ${verb}' is not part of this build yet`);
  };
}

function pick(actions: Actions, verb: VerbName): Action {
  return actions[verb] ?? notBuilt(verb);
}

function addServerCommands(program: Command, actions: Actions): void {
  program
    .command('master')
    .description('run a master: one Raft replica, the gRPC API and, while leader, the scheduler and controllers')
    .requiredOption('--name <name>', "this master's name, unique in the cluster")
    .requiredOption('--data-dir <dir>', 'folder for raft.db, state.db and snapshots')
    .requiredOption('--listen <host:port>', 'address for the gRPC API and Raft traffic')
    .option('--bootstrap', 'start a new cluster with this master as its only voter')
    .option('--join <address>', 'join the cluster that a master at this address belongs to')
    .option('--restore <file>', 'with --bootstrap: start from a snapshot saved by `orca cluster snapshot save`')
    .option('--http <host:port>', 'address for /healthz, /readyz, /metrics and the dashboard')
    .option(
      '--node-grace-seconds <seconds>',
      'a worker whose lease is not renewed for this long is marked unreachable (default 10)',
    )
    .option(
      '--eviction-seconds <seconds>',
      'pods on an unreachable worker are evicted after this long, unless they tolerate it longer (default 5)',
    )
    .option(
      '--cluster-cidr <cidr>',
      "the range Nodes' pod CIDRs (/24 each) are handed out from (default 10.244.0.0/16)",
    )
    .option('--service-cidr <cidr>', "the range Services' ClusterIPs come from (default 10.96.0.0/12)")
    .option('--service-node-port-range <low-high>', 'the range NodePorts come from (default 30000-32767)')
    .option('--token <token>', 'with --join: a master join token (`orca token create --role master`)')
    .option('--advertise <addresses>', "more host[:port]s this master is reached at, for its certificate's names")
    .option('--token-auth-file <file>', 'static bearer tokens of users: token,user,uid,"group1,group2" per line')
    .option('--audit-log <file>', 'the audit log, one JSON line per request (default DATA-DIR/audit.log)')
    .option('--audit-policy <file>', 'an audit.k8s.io/v1 Policy (default: Metadata for every request)')
    .option(
      '--certificate-validity <duration>',
      'life of the certificates this master issues and holds, e.g. 90d or 12h (default 365d); renewed at 2/3',
    )
    .option(
      '--insecure',
      'no TLS, no authentication, no authorization: every caller is an administrator (tests on one machine only)',
    )
    .action(pick(actions, 'master'));
  program
    .command('worker')
    .description('run a worker: register a Node, renew its Lease and run the pods bound to it')
    .requiredOption('--name <name>', 'the Node name')
    // Not a required option of its own: the program-wide --server takes the value
    // wherever it stands, and the worker reads both (cmd/orca.ts, optsWithGlobals).
    .option('--server <addresses>', 'comma-separated master addresses (required)')
    .option('--runtime <kind>', 'cri | process | sim', 'cri')
    .option(
      '--lease-renew-seconds <seconds>',
      "how often the worker renews its Lease (default 2; keep it well under the masters' --node-grace-seconds)",
    )
    .option('--containerd-socket <path>', 'containerd socket for the cri runtime', '/run/containerd/containerd.sock')
    .option('--root-dir <dir>', 'folder for pod logs and volumes', '/var/lib/orca-worker')
    .option('--pod-cidr <cidr>', 'the pod CIDR to ask for (default: one handed out by the masters)')
    .option('--host-ip <ip>', "the IP pods and probes see as the host's (default: the first non-internal IPv4)")
    .option('--listen <host:port>', 'address of the logs/exec service the masters call', '0.0.0.0:10250')
    .option(
      '--cni-conf-dir <dir>',
      "with the cri runtime: containerd's CNI conf folder, where the pod network is written from the Node's pod CIDR",
    )
    .option('--no-pod-network', 'no pod routes, service proxy, cluster DNS or ingress on this node')
    .option(
      '--cluster-cidr <cidr>',
      "the pod network of the whole cluster, as the masters' --cluster-cidr (default 10.244.0.0/16)",
    )
    .option('--cluster-domain <domain>', "the cluster's DNS domain (default cluster.local)")
    .option('--ingress-http <host:port>', 'where the ingress proxy serves HTTP, or off (default 0.0.0.0:80)')
    .option('--ingress-https <host:port>', 'where the ingress proxy serves HTTPS, or off (default 0.0.0.0:443)')
    .option(
      '--dns-upstreams <addresses>',
      "where the cluster DNS forwards other names: host[:port],… or none (default: the host's resolv.conf)",
    )
    .action(pick(actions, 'worker'));
  program
    .command('up')
    .description('start a local cluster in the foreground (data under ./.orca) and write the client config')
    .option('--masters <count>', 'number of local masters: 1, 3 or 5', '1')
    .option('--data-dir <dir>', 'where the cluster keeps its data', '.orca')
    .option(
      '--runtime <kind>',
      "the worker's runtime: auto (containerd when possible, else process) | cri | process | sim | none (no worker)",
      'auto',
    )
    .action(pick(actions, 'up'));
}

function addObjectCommands(program: Command, actions: Actions): void {
  program
    .command('apply')
    .description('create or update the objects in a manifest (YAML or JSON, multi-document)')
    .requiredOption('-f, --filename <path>', 'file, folder, or - for standard input')
    .option('-n, --namespace <ns>', `for objects that name none: ${namespaceHelp}`)
    .action(pick(actions, 'apply'));
  program
    .command('get')
    .description('list objects of a kind, or one by name')
    .argument('<kind>')
    .argument('[name]')
    .option('-n, --namespace <ns>', namespaceHelp)
    .option('-A, --all-namespaces', 'every namespace')
    .option('-l, --selector <selector>', 'label selector')
    .option('-o, --output <format>', 'wide | yaml | json')
    .option('-w, --watch', 'keep printing changes')
    .action(pick(actions, 'get'));
  program
    .command('describe')
    .description('show an object in detail with its recent events')
    .argument('<kind>')
    .argument('<name>')
    .option('-n, --namespace <ns>', namespaceHelp)
    .action(pick(actions, 'describe'));
  program
    .command('delete')
    .description('delete objects by kind and name, or those in a manifest')
    .argument('[kind]')
    .argument('[name]')
    .option('-f, --filename <path>', 'file, folder, or - for standard input')
    .option('-n, --namespace <ns>', namespaceHelp)
    .option(
      '--grace-period <seconds>',
      "pods: seconds their containers get to stop (default: the pod's terminationGracePeriodSeconds); 0 needs --force",
    )
    .option('--force', 'with --grace-period 0: remove pods at once, without waiting for their worker to stop them')
    .action(pick(actions, 'delete'));
  program
    .command('scale')
    .description('set the replica count of a Deployment, ReplicaSet or StatefulSet')
    .argument('<kind>')
    .argument('<name>')
    .requiredOption('--replicas <count>', 'the new replica count')
    .option('-n, --namespace <ns>', namespaceHelp)
    .action(pick(actions, 'scale'));
  program
    .command('rollout')
    .description('status | history | undo | pause | resume | restart of a rollout')
    .argument('<action>')
    .argument('<kind>')
    .argument('<name>')
    .option('-n, --namespace <ns>', namespaceHelp)
    .option('--to-revision <revision>', 'with undo: the revision to return to')
    .action(pick(actions, 'rollout'));
}

function addWorkloadCommands(program: Command, actions: Actions): void {
  program
    .command('logs')
    .description('print the logs of a container in a pod')
    .argument('<pod>')
    .option('-c, --container <name>', 'container name')
    .option('-f, --follow', 'keep streaming')
    .option('--previous', 'the previous instance of a restarted container')
    .option('--tail <lines>', 'only the last lines')
    .option('-n, --namespace <ns>', namespaceHelp)
    .action(pick(actions, 'logs'));
  program
    .command('exec')
    .description('run a command in a container: orca exec POD [-c C] -- CMD...')
    .argument('<pod>')
    .argument('<command...>')
    .option('-c, --container <name>', 'container name')
    .option('-i, --stdin', 'pass standard input')
    .option('-t, --tty', 'allocate a terminal')
    .option('-n, --namespace <ns>', namespaceHelp)
    .action(pick(actions, 'exec'));
  for (const verb of ['cordon', 'uncordon'] as const) {
    program
      .command(verb)
      .description(
        verb === 'cordon' ? 'mark a node unschedulable: no new pods are placed on it' : 'mark a node schedulable again',
      )
      .argument('<node>')
      .action(pick(actions, verb));
  }
  program
    .command('drain')
    .description('cordon a node and evict its pods (except DaemonSet ones), waiting until they are gone')
    .argument('<node>')
    .option('--timeout <seconds>', 'give up after this long', '120')
    .option('--grace-period <seconds>', 'seconds each pod gets to stop (default: its terminationGracePeriodSeconds)')
    .action(pick(actions, 'drain'));
  program
    .command('cluster')
    .description('members | remove NAME | snapshot save FILE')
    .argument('<action>')
    .argument('[args...]')
    .action(pick(actions, 'cluster'));
}

function addConfigCommands(program: Command, actions: Actions): void {
  const config = program
    .command('config')
    .description('show or edit the client config ($ORCA_CONFIG, else ~/.orca/config): clusters, users, contexts');
  config
    .command('view')
    .description('print the config, certificates, keys and tokens left out unless --raw')
    .option('--raw', 'print the certificates, keys and tokens too')
    .option('-o, --output <format>', 'yaml | json', 'yaml')
    .action(pick(actions, 'config view'));
  config
    .command('get-contexts')
    .description('list the contexts; * marks the current one')
    .action(pick(actions, 'config get-contexts'));
  config
    .command('current-context')
    .description('print the current context')
    .action(pick(actions, 'config current-context'));
  config
    .command('use-context')
    .description('make a context the current one')
    .argument('<name>')
    .action(pick(actions, 'config use-context'));
  config
    .command('set-context')
    .description('create a context or change its cluster, user or namespace')
    .argument('<name>')
    .option('--cluster <name>', 'the cluster (required for a new context)')
    .option('--user <name>', 'the user')
    .option('--namespace <ns>', 'the default namespace of namespaced verbs')
    .action(pick(actions, 'config set-context'));
  config
    .command('set-credentials')
    .description('create or replace a user: a bearer token, or a client certificate and key (embedded)')
    .argument('<name>')
    .option('--token <token>', 'a bearer token')
    .option('--client-certificate <file>', 'a PEM client certificate, embedded in the config')
    .option('--client-key <file>', 'its PEM private key, embedded in the config')
    .action(pick(actions, 'config set-credentials'));
  config
    .command('set-cluster')
    .description('create a cluster or change its servers or CA')
    .argument('<name>')
    .option('--server <addresses>', 'comma-separated master addresses (required for a new cluster)')
    .option('--certificate-authority <file>', "the cluster CA's PEM, embedded in the config")
    .action(pick(actions, 'config set-cluster'));
}

function addSecurityCommands(program: Command, actions: Actions): void {
  const token = program.command('token').description('join tokens for workers and masters: create | list | revoke');
  token
    .command('create')
    .description('make a join token and print it (the only time its secret is shown)')
    .option('--role <role>', 'worker | master', 'worker')
    .option('--ttl <duration>', 'how long it lasts: 24h, 30m, 7d, 1h30m; 0 = never expires', '24h')
    .option('--description <text>', 'what the token is for')
    .action(pick(actions, 'token create'));
  token.command('list').description('list the join tokens (never their secrets)').action(pick(actions, 'token list'));
  token
    .command('revoke')
    .description('delete a join token: it joins nothing more')
    .argument('<id>', 'the token id (or the whole token)')
    .action(pick(actions, 'token revoke'));
  const auth = program.command('auth').description('can-i | whoami: what the cluster lets you do');
  auth
    .command('can-i')
    .description('ask whether you may do VERB on RESOURCE: prints yes (exit 0) or no (exit 1)')
    .argument('<verb>', 'get | list | watch | create | update | patch | delete')
    .argument('<resource>', 'pods, deployments, pods/log, secrets, …')
    .argument('[name]')
    .option('-n, --namespace <ns>', namespaceHelp)
    .option('-A, --all-namespaces', 'in every namespace')
    .action(pick(actions, 'auth can-i'));
  auth
    .command('whoami')
    .description('print the user and groups the cluster sees you as')
    .action(pick(actions, 'auth whoami'));
  program
    .command('kubeconfig')
    .description(
      "write a kubeconfig for kubectl with this context's identity (the masters serve the Kubernetes REST API)",
    )
    .option(
      '--api-server <url>',
      'the Kubernetes REST API URL to name (default: the HTTP port of the master that answers)',
    )
    .option('-o, --output <file>', 'where to write it (default: kubeconfig beside the client config)')
    .action(pick(actions, 'kubeconfig'));
}

/** The whole command tree; errors are thrown (exitOverride) so the caller prints one line. */
export function buildProgram(actions: Actions, write: (text: string) => void): Command {
  const program = new Command('orca')
    .description('Orca: a container orchestrator with a highly available control plane and no etcd')
    .option(
      '--server <addresses>',
      "comma-separated master addresses (else $ORCA_SERVER, else the context's); the context's credentials stay",
    )
    .option('--context <name>', "the client config's context to use (else $ORCA_CONTEXT, else its current-context)")
    .option('--token <token>', "a bearer token to authenticate with instead of the context's user")
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write })
    .showHelpAfterError(false);
  program
    .command('version')
    .description('print the version of this orca binary')
    .action(() => write(`orca ${orcaVersion} (api v${apiVersion}, node ${process.version})\n`));
  addServerCommands(program, actions);
  addObjectCommands(program, actions);
  addWorkloadCommands(program, actions);
  addConfigCommands(program, actions);
  addSecurityCommands(program, actions);
  const configure = (parent: Command): void => {
    for (const command of parent.commands) {
      command.exitOverride().configureOutput({ writeOut: write, writeErr: write });
      configure(command);
    }
  };
  configure(program);
  return program;
}

/** True when commander stopped on purpose (help or version shown), not on an error. */
export function isCleanExit(error: unknown): boolean {
  return error instanceof CommanderError && error.exitCode === 0;
}

export { CommanderError };
