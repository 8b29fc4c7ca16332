/**
 * A first-come, first-served lock around PGlite's single connection.
 *
 * Kysely's SqliteDriver uses the same idea. Our version hands the lock directly to the next
 * waiter in order, so a burst of queries cannot starve an earlier transaction.
 */
export class ConnectionMutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
