/**
 * One queue for every call that touches the database. better-sqlite3 shares one connection:
 * a second transaction() would break the first, and a plain save() joins whatever transaction
 * is open. So calls run one after the other; each write is one transaction.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve()
  private pending = 0

  run<T>(job: () => Promise<T>): Promise<T> {
    this.pending++
    const result = this.tail.then(job, job)
    this.tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result.finally(() => {
      this.pending--
    })
  }

  get size(): number {
    return this.pending
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
