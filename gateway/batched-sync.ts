// Group commit: callers that need the same thing made durable (the queue directory after their
// rename) share one fsync instead of each paying for their own.
//
// A caller's changes are durable only after an fsync that STARTED after the caller's changes were
// made. So a caller that arrives while an fsync is running cannot join it (it may have started too
// early); it waits for the next one, which starts when the running one ends and serves everyone who
// arrived in the meantime. Every waiter of a failed fsync gets its error.
export class BatchedSync {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  /** fsyncs started so far; the number of the latest one. */
  syncs = 0;
  /** The number of the latest fsync that completed without error (0: none yet). Whatever was
   *  changed before fsync number n started is durable once `completedThrough >= n`. */
  completedThrough = 0;

  constructor(private readonly syncOnce: () => Promise<void>) {}

  /** Resolves after an fsync that started after this call has completed; rejects with its error. */
  sync(): Promise<void> {
    if (!this.running) return this.start();
    this.next ??= this.running
      .catch(() => {})
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<void> {
    const number = ++this.syncs;
    const run = Promise.resolve().then(() => this.syncOnce());
    this.running = run;
    const clear = () => {
      if (this.running === run) this.running = undefined;
    };
    run.then(() => {
      this.completedThrough = Math.max(this.completedThrough, number);
      clear();
    }, clear);
    return run;
  }
}
