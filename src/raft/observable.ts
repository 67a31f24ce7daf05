/** A minimal push stream: subscribe with a callback, or iterate with `for await`. */
export class Observable<T> {
  private readonly listeners = new Set<(value: T) => void>();

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  /** Values emitted after the call, buffered up to `bufferMax` (older ones dropped beyond it). */
  async *values(bufferMax = 64): AsyncGenerator<T> {
    const buffer: T[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = this.subscribe((value) => {
      buffer.push(value);
      if (buffer.length > bufferMax) buffer.shift();
      wake?.();
    });
    try {
      for (;;) {
        const next = buffer.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    } finally {
      unsubscribe();
    }
  }
}
