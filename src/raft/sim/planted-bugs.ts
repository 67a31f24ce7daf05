/**
 * Bugs planted in the production node, to prove that the simulator sees what
 * goes wrong inside RaftNode itself. Each is a subclass that changes one step of
 * the node's Ready handling; RaftNode.open builds whichever class it is called on.
 */
import { RaftNode } from '../node.js';
import type { Ready } from '../types.js';

/**
 * Votes and acknowledgements leave with the appends, before the write they
 * promise is durable (on every persist path: writer thread, deferred and
 * synchronous). A follower that then loses the write to a power cut has
 * acknowledged entries it does not hold, and a vote it may cast again.
 */
export class AcksBeforePersistNode extends RaftNode {
  protected override sendBeforePersist(ready: Ready): void {
    super.sendBeforePersist({ ...ready, messagesBeforePersist: [...ready.messagesBeforePersist, ...ready.messages] });
  }
}
