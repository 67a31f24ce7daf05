/**
 * A running fingerprint of everything a simulation did (FNV-1a, 32 bits), so two
 * runs of one seed can be compared without keeping their whole event logs.
 */
export class Trace {
  private hash = 0x811c9dc5;
  private count = 0;

  record(line: string): void {
    let hash = this.hash;
    for (let i = 0; i < line.length; i += 1) {
      hash ^= line.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    this.hash = Math.imul(hash ^ 0x0a, 0x01000193) >>> 0;
    this.count += 1;
  }

  get events(): number {
    return this.count;
  }

  digest(): string {
    return `${this.count}:${(this.hash >>> 0).toString(16).padStart(8, '0')}`;
  }
}
