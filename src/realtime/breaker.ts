// A circuit breaker per fetcher and process: after `failures` failed calls in a row it opens and
// refuses calls for `cooldown`; then one probe may pass (half-open): success closes, failure reopens.

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private open = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (!this.open) return 'closed';
    return this.clock() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; in half-open only one probe at a time does. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.open = false;
    this.probing = false;
  }

  failure(): void {
    this.failures += 1;
    if (this.probing || this.failures >= this.threshold) {
      this.open = true;
      this.openedAt = this.clock();
    }
    this.probing = false;
  }

  /** A call that went out but neither proved nor disproved the source's health (e.g. a 404). */
  release(): void {
    this.probing = false;
  }
}
