/**
 * The fault phase: at random intervals, one fault among crashes, partitions
 * (both ways and one way), lossy or slow links, membership changes and
 * leadership transfers. Each temporary fault schedules its own repair.
 */
import type { ConfigurationChange } from '../core/api.js';
import type { ServerId } from '../types.js';
import type { SimNetwork } from './network.js';
import type { Random } from './random.js';
import type { Replica } from './replica.js';

export interface FaultWorld {
  readonly network: SimNetwork;
  readonly random: Random;
  live(): Replica[];
  leader(): Replica | null;
  inFaultPhase(): boolean;
  later(delayMs: number, label: string, action: () => void): void;
  restart(replica: Replica): void;
  /** A fresh id for a joining server, or null when all are used. */
  freshServerId(): ServerId | null;
  createJoiner(id: ServerId): void;
  trace(line: string): void;
}

const membersMax = 5;
const votersMin = 3;

type Fault = (world: FaultWorld) => void;

const crash: Fault = (world) => {
  const running = world.live().filter((replica) => replica.running);
  if (running.length === 0) return;
  const victim = world.random.pick(running);
  victim.crash();
  world.later(world.random.between(20, 600), `restart ${victim.id}`, () => {
    if (world.inFaultPhase() && !victim.running && !victim.decommissioned) world.restart(victim);
  });
};

function reconnectLater(world: FaultWorld, links: readonly string[]): void {
  world.later(world.random.between(100, 1000), 'reconnect', () => world.network.restore(links));
}

const partition: Fault = (world) => {
  const ids = world.live().map((replica) => replica.id);
  const sideA = ids.filter(() => world.random.chance(0.5));
  const sideB = ids.filter((id) => !sideA.includes(id));
  world.trace(`partition [${sideA.join(',')}] | [${sideB.join(',')}]`);
  reconnectLater(world, world.network.partition(sideA, sideB));
};

const oneWay: Fault = (world) => {
  const ids = world.live().map((replica) => replica.id);
  if (ids.length < 2) return;
  const from = world.random.pick(ids);
  const to = world.random.pick(ids.filter((id) => id !== from));
  world.trace(`cut ${from}>${to}`);
  reconnectLater(world, world.network.cutOneWay(from, to));
};

const degrade: Fault = (world) => {
  const conditions = world.network.conditions;
  if (world.random.chance(0.5)) conditions.dropProbability = 0.3;
  else conditions.delayMaxMs = 120;
  conditions.duplicateProbability = 0.1;
  world.later(world.random.between(100, 1000), 'calm', () => world.network.calm());
};

const transfer: Fault = (world) => {
  const leader = world.leader();
  const status = leader?.status;
  if (!leader || !status) return;
  const others = status.configuration.servers.filter(
    (server) => server.suffrage === 'voter' && server.id !== leader.id,
  );
  const target = others.length > 0 && world.random.chance(0.7) ? world.random.pick(others).id : null;
  leader.transferLeadership(target);
};

const changeMembership: Fault = (world) => {
  const leader = world.leader();
  const status = leader?.status;
  if (!leader || !status) return;
  const servers = status.configuration.servers;
  const voters = servers.filter((server) => server.suffrage === 'voter');
  const nonvoters = servers.filter((server) => server.suffrage === 'nonvoter');
  const removable = servers.filter(
    (server) => server.id !== leader.id && (server.suffrage === 'nonvoter' || voters.length > votersMin),
  );
  const choices: (() => void)[] = [];
  const fresh = world.freshServerId();
  if (fresh !== null && servers.length < membersMax) {
    for (const type of ['addVoter', 'addNonvoter'] as const) {
      choices.push(() => {
        if (propose(leader, { type, id: fresh, address: fresh })) world.createJoiner(fresh);
      });
    }
  }
  if (nonvoters.length > 0)
    choices.push(() => {
      const id = world.random.pick(nonvoters).id;
      propose(leader, { type: 'addVoter', id, address: id });
    });
  if (removable.length > 0)
    choices.push(() => propose(leader, { type: 'removeServer', id: world.random.pick(removable).id }));
  if (voters.length > votersMin) {
    const demotable = voters.filter((server) => server.id !== leader.id);
    if (demotable.length > 0)
      choices.push(() => propose(leader, { type: 'demoteVoter', id: world.random.pick(demotable).id }));
  }
  if (choices.length > 0) world.random.pick(choices)();
};

function propose(leader: Replica, change: ConfigurationChange): boolean {
  return leader.changeMembership(change);
}

const faults: readonly { readonly weight: number; readonly fault: Fault; readonly name: string }[] = [
  { weight: 4, fault: crash, name: 'crash' },
  { weight: 3, fault: partition, name: 'partition' },
  { weight: 2, fault: oneWay, name: 'one-way' },
  { weight: 2, fault: degrade, name: 'degrade' },
  { weight: 2, fault: changeMembership, name: 'membership' },
  { weight: 1, fault: transfer, name: 'transfer' },
];

export const faultNames: readonly string[] = faults.map((entry) => entry.name);

/** Inject one random fault among the `enabled` kinds; returns its name for the trace and the statistics. */
export function injectFault(world: FaultWorld, enabled: ReadonlySet<string>): string | null {
  const candidates = faults.filter((entry) => enabled.has(entry.name));
  let roll = world.random.below(
    Math.max(
      1,
      candidates.reduce((sum, entry) => sum + entry.weight, 0),
    ),
  );
  for (const entry of candidates) {
    roll -= entry.weight;
    if (roll < 0) {
      entry.fault(world);
      return entry.name;
    }
  }
  return null;
}
