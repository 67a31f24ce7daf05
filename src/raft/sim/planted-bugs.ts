/**
 * Bugs planted in the production node, to prove that the simulator sees what
 * goes wrong inside RaftNode itself. Each is a subclass that changes one step of
 * the node's Ready handling; RaftNode.open builds whichever class it is called on.
 */
import { RaftNode } from '../node.js';
import type { Message, Ready } from '../types.js';

/**
 * Votes and acknowledgements leave with the appends, before the write they
 * promise is durable (on every persist path: writer thread, deferred and
 * synchronous), and not again after it. A follower that then loses the write to
 * a power cut has acknowledged entries it does not hold, or a vote it may cast again.
 */
export class AcksBeforePersistNode extends RaftNode {
  private readonly sentEarly = new WeakSet<Message>();

  protected override sendBeforePersist(ready: Ready): void {
    super.sendBeforePersist(ready);
    super.sendAll(ready.messages);
    for (const message of ready.messages) this.sentEarly.add(message);
  }

  protected override sendAll(messages: readonly Message[]): void {
    super.sendAll(messages.filter((message) => !this.sentEarly.has(message)));
  }
}
