/** A level trigger for a loop: `trigger` ends the current (or the next) `wait` early; many triggers fold into one. */
export class Wakeup {
  private pending = false;
  private wake: (() => void) | undefined;

  trigger(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Resolves after `timeoutMs`, or at once when triggered since the last wait. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wake = done;
    });
  }
}
