/**
 * Which master to talk to next. The client sticks to the master that last
 * answered; on a failure it moves to a leader the server named, else to the next
 * address in the list. Addresses learnt from hints are added up to a bound.
 */
export class Endpoints {
  private readonly addresses: string[];
  private currentIndex = 0;

  constructor(
    servers: readonly string[],
    private readonly addressesMax: number,
  ) {
    if (servers.length === 0) throw new Error('Endpoints needs at least one address');
    this.addresses = [...new Set(servers)];
  }

  get current(): string {
    const address = this.addresses[this.currentIndex];
    if (address === undefined) throw new Error('endpoint index out of range');
    return address;
  }

  get all(): readonly string[] {
    return this.addresses;
  }

  /** The master at `address` failed; move on, to `leaderHint` when it names another master. */
  failed(address: string, leaderHint?: string): void {
    if (address !== this.current) return; // another call already moved on
    if (leaderHint !== undefined && leaderHint !== address && this.moveTo(leaderHint)) return;
    this.currentIndex = (this.currentIndex + 1) % this.addresses.length;
  }

  /** Prefer this master from now on (e.g. a leader hint); false when the list is full and it is unknown. */
  moveTo(address: string): boolean {
    let index = this.addresses.indexOf(address);
    if (index < 0) {
      if (this.addresses.length >= this.addressesMax) return false;
      this.addresses.push(address);
      index = this.addresses.length - 1;
    }
    this.currentIndex = index;
    return true;
  }
}
