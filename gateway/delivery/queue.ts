// The delivery queue: picks up newly spooled messages at once and deferred ones when due, delivers
// them with a cap on parallel deliveries, records each recipient's fate in the spool
// (DeliveryState) and removes a message once every recipient is delivered or bounced.
// Nothing is removed or marked delivered before the next hop's 250; a crash at any point means at
// worst a second delivery, never a lost message.
// The outcome of an attempt is recorded in memory first and then written to the spool
// (persister.ts): a recipient the next hop accepted is never sent the message again while the relay
// runs, even when that write fails (a full disk); the write is retried with backoff.
// At most `activeLimit` messages are held in memory, oldest first; the ids of the rest wait in
// `backlog`, in arrival order, and are read in as messages leave.
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { Logger } from '../log.ts';
import type { MessageLogger } from '../message-log.ts';
import type { MetricsRegistry } from '../metrics.ts';
import type { DeliveryState, QueuedEnvelope, Spool } from '../spool.ts';
import type { ResolveAddresses } from './addresses.ts';
import { type DeliveryConfig, type TlsMode, tlsModeSchema } from './config.ts';
import { type DkimSigner, type DkimVerdict, type TxtResolver, verifyOutgoing } from './dkim.ts';
import { composeBounce } from './dsn.ts';
import { receivedHeader } from './headers.ts';
import { headerEnd, readHeaderBlock } from './message-file.ts';
import { type MxLookup, resolveRoute } from './next-hop.ts';
import { allRecipients, type RecipientOutcome } from './outcome.ts';
import { StatePersister } from './persister.ts';
import { SessionPool } from './pool.ts';
import { applyAttempt, initialState, isFinal, pendingRecipients, reopen } from './state.ts';
import { DeliveryStats } from './stats.ts';
import { decideTls, type TlsDecisionDeps } from './tls-decision.ts';
import type { TlsPolicy, TlsPolicyLookup } from './tls-policy.ts';
import { deliverGroup } from './transaction.ts';

/** Messages read from disk side by side when the in-memory queue has room. */
const REFILL_BATCH = 64;
/** Messages read in before start() resolves; the rest follow in the background. */
const START_LOAD = 1000;

export interface DeliveryQueueDeps {
  spool: Spool;
  /** With tlsPolicy and signer, replaced on POST /reload (see reconfigure); the rest needs a restart. */
  config: DeliveryConfig;
  /** This relay's name: EHLO, Received:, bounces. */
  hostname: string;
  log: Logger;
  /** Makes the logger of a message loaded from the spool at start, or of a bounce (message-log.ts);
   *  a newly accepted message comes with its own. */
  messageLog: MessageLogger;
  metrics: MetricsRegistry;
  mxLookup: MxLookup;
  resolveAddresses: ResolveAddresses;
  tlsPolicy: TlsPolicyLookup;
  /** DANE lookups and MTA-STS policies for mode mx (tls-decision.ts); neither when absent. */
  secureTls?: Pick<TlsDecisionDeps, 'dane' | 'mtaSts'>;
  signer?: DkimSigner;
  /** DNS TXT lookups for checking DKIM signatures of relayed mail; no check without it. */
  dkimResolver?: TxtResolver;
  /** Extra trust anchors for `verified` TLS (tests, private PKIs). */
  tlsCa?: string | string[];
  clock?: () => Date;
  random?: () => number;
  /** Takes each message whose recipients are all final and removes it once nothing else (its
   *  archive copy, gateway/archive/) needs it; `keepState` writes the final state meanwhile. */
  finisher?: { finish(id: string, keepState: () => Promise<void>): Promise<void> };
}

export interface AttemptEvent {
  id: string;
  delivered: string[];
  deferred: string[];
  bounced: string[];
  /** Every recipient is final and the message left the queue. */
  final: boolean;
}

export interface DeferredGroup {
  destination: string;
  lastError: string;
  messages: number;
  recipients: number;
  oldestReceivedAt: string;
  nextAttemptAt: string;
}

interface Known {
  envelope: QueuedEnvelope;
  state?: DeliveryState;
  /** The logger a newly accepted message came with (message-log.ts). A message read in from the
   *  spool has none: one is made for each attempt, so that up to activeLimit waiting messages hold no
   *  logger each. */
  log?: Logger;
}

interface Group {
  key: string;
  domain: string;
  policy: TlsPolicy;
  /** The session TLS mode when no per-hop decision is made (smarthost). */
  tls: TlsMode;
  recipients: string[];
}

/** The TLS policy applied to a destination, and why: the delivery log line shows it. */
export interface TlsApplied {
  destination: string;
  host?: string;
  policy?: string;
  why?: string;
  /** Hosts left out or failed for TLS reasons. */
  refused?: string[];
  mtaStsTesting?: string[];
}

export class DeliveryQueue extends EventEmitter<{ attempt: [AttemptEvent] }> {
  private readonly pool: SessionPool;
  private readonly stats: DeliveryStats;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly known = new Map<string, Known>();
  /** Waiting for their next attempt: id -> due time (ms). */
  private readonly later = new Map<string, number>();
  private readonly ready: string[] = [];
  private readonly readySet = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  private running = false;
  private readonly persister: StatePersister;
  /** Ids of committed messages not held in memory yet, in arrival order, from `backlogHead` on. */
  private backlog: string[] = [];
  private backlogHead = 0;
  private refilling = false;
  /** Backlog ids that were waiting on disk when POST /flush came: due at once when read in. */
  private flushed = new Set<string>();
  /** A message waiting on disk gets its logger when it is read in (message-log.ts). */
  private readonly onQueued = (envelope: QueuedEnvelope, log: Logger) => {
    if (this.backlogSize > 0 || this.known.size >= this.deps.config.activeLimit)
      this.backlog.push(envelope.id);
    else this.add(envelope, undefined, log);
  };

  constructor(private deps: DeliveryQueueDeps) {
    super();
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.pool = new SessionPool(deps.config.connectionIdleSeconds * 1000);
    this.stats = new DeliveryStats(deps.metrics, {
      inFlight: () => this.inFlight.size,
      scheduled: () => this.later.size + this.ready.length,
    });
    this.persister = new StatePersister({
      save: (id) => this.persist(id),
      onFailure: (id, error, retryInMs) =>
        (this.known.get(id)?.log ?? deps.messageLog(id)).error(
          {
            component: 'delivery',
            code: (error as NodeJS.ErrnoException).code,
            err: (error as Error).message,
            retryInMs,
          },
          'delivery state not saved; it is kept in memory (no recipient is sent twice) and written again later',
        ),
      metrics: deps.metrics,
    });
  }

  private get backlogSize(): number {
    return this.backlog.length - this.backlogHead;
  }

  /** Loads the queue from the spool (with each message's schedule) and starts delivering. */
  async start(): Promise<void> {
    this.running = true;
    const { spool } = this.deps;
    spool.on('queued', this.onQueued);
    // Everything queued starts in the backlog. The first START_LOAD are read before this resolves
    // (a short queue is all in memory once started); the rest in the background, so that a long
    // queue does not hold up the listener. Messages queued from now on line up behind.
    this.backlog = [...spool.queuedIds()].concat(this.backlog);
    this.backlogHead = 0;
    this.refilling = true;
    try {
      await this.load(Math.min(this.deps.config.activeLimit, START_LOAD));
    } catch (error) {
      this.deps.log.error({ err: (error as Error).message }, 'reading queued messages from disk failed');
    } finally {
      this.refilling = false;
    }
    this.deps.log.info({ inMemory: this.known.size, backlog: this.backlogSize }, 'delivery started');
    this.refill();
  }

  /** Starts no more deliveries (shutdown has begun); those in flight go on. Messages queued from now
   *  on stay in the spool for the next start. */
  quiesce(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops taking messages, lets in-flight deliveries finish (up to `graceMs`), closes connections.
   *  A delivery cut short stays in the spool with its previous state and is tried again next start. */
  async stop(graceMs = 30_000): Promise<void> {
    this.running = false;
    this.deps.spool.off('queued', this.onQueued);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const pending = [...this.inFlight.values()];
    let timeout: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      Promise.allSettled(pending).then(() => false),
      new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timeout);
    await this.persister.saveUnsaved();
    this.persister.stop();
    this.pool.closeAll();
    this.deps.log.info({ inFlight: this.inFlight.size, gaveUp }, 'delivery stopped');
  }

  /** Applies a reloaded configuration to the next attempts (TLS policies, retry, concurrency, DKIM keys). */
  reconfigure(
    config: DeliveryConfig,
    tlsPolicy: TlsPolicyLookup,
    signer: DkimSigner,
    secureTls: DeliveryQueueDeps['secureTls'] = this.deps.secureTls,
  ): void {
    this.deps = { ...this.deps, config, tlsPolicy, signer, secureTls };
    this.pump();
  }

  /** Makes every deferred message due now. Returns how many were waiting. */
  flush(): number {
    const ids = [...this.later.keys()];
    for (const id of ids) this.makeReady(id);
    if (this.backlogSize > 0) this.flushed = new Set(this.backlog.slice(this.backlogHead));
    this.pump();
    return ids.length;
  }

  /** The DANE and MTA-STS lookups delivery uses now (GET /tls-policy shares their cache). */
  get secureTls(): DeliveryQueueDeps['secureTls'] {
    return this.deps.secureTls;
  }

  async counts() {
    return {
      ...(await this.stats.counts()),
      queue: {
        messages: this.known.size,
        inFlight: this.inFlight.size,
        waiting: this.later.size,
        ready: this.ready.length,
        backlog: this.backlogSize,
      },
      stateWrites: this.persister.status(),
    };
  }

  /** Deferred recipients grouped by destination and last error, most recipients first. */
  deferred(): DeferredGroup[] {
    const groups = new Map<string, DeferredGroup & { ids: Set<string> }>();
    for (const [id, { envelope, state }] of this.known) {
      if (!state) continue;
      for (const r of state.recipients) {
        if (r.status !== 'pending' || !r.lastError) continue;
        const destination = this.destinationOf(r.address);
        const key = `${destination}\n${r.lastError}`;
        let group = groups.get(key);
        if (!group) {
          group = {
            destination,
            lastError: r.lastError,
            messages: 0,
            recipients: 0,
            oldestReceivedAt: envelope.receivedAt,
            nextAttemptAt: state.nextAttemptAt,
            ids: new Set(),
          };
          groups.set(key, group);
        }
        group.recipients++;
        if (!group.ids.has(id)) {
          group.ids.add(id);
          group.messages++;
        }
        if (envelope.receivedAt < group.oldestReceivedAt) group.oldestReceivedAt = envelope.receivedAt;
        if (state.nextAttemptAt < group.nextAttemptAt) group.nextAttemptAt = state.nextAttemptAt;
      }
    }
    return [...groups.values()]
      .map(({ ids: _ids, ...group }) => group)
      .sort((a, b) => b.recipients - a.recipients || a.destination.localeCompare(b.destination));
  }

  private destinationOf(address: string): string {
    const { config } = this.deps;
    if (config.mode === 'smarthost' && config.smarthost)
      return `${config.smarthost.host}:${config.smarthost.port}`;
    return domainOf(address);
  }

  private add(envelope: QueuedEnvelope, state: DeliveryState | undefined, log?: Logger): void {
    if (this.known.has(envelope.id)) return;
    this.known.set(envelope.id, log ? { envelope, state, log } : { envelope, state });
    const flushed = this.flushed.delete(envelope.id);
    const due = state && !flushed ? Date.parse(state.nextAttemptAt) : 0;
    if (due <= this.clock().getTime()) this.makeReady(envelope.id);
    else this.schedule(envelope.id, due);
    this.pump();
  }

  private makeReady(id: string): void {
    this.later.delete(id);
    if (this.readySet.has(id) || this.inFlight.has(id)) return;
    this.readySet.add(id);
    this.ready.push(id);
  }

  private pump(): void {
    if (!this.running) return;
    while (this.inFlight.size < this.deps.config.concurrency && this.ready.length > 0) {
      const id = this.ready.shift() as string;
      this.readySet.delete(id);
      const job = this.deliver(id)
        .catch((error: unknown) => {
          const log = this.known.get(id)?.log ?? this.deps.messageLog(id);
          log.error(
            { component: 'delivery', err: error },
            'delivery attempt failed unexpectedly; retrying later',
          );
          if (this.known.has(id)) {
            this.schedule(id, this.clock().getTime() + this.deps.config.retry.initialSeconds * 1000);
          }
        })
        .finally(() => {
          this.inFlight.delete(id);
          this.pump();
        });
      this.inFlight.set(id, job);
    }
  }

  /** Waits until `due` (ms); the timer is re-armed only when this is earlier than what it waits for. */
  private schedule(id: string, due: number): void {
    this.later.set(id, due);
    if (due < this.timerDue) this.armTimer(due);
  }

  private armTimer(due: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    const delay = Math.max(0, Math.min(due - this.clock().getTime(), 2_147_000_000));
    this.timer = setTimeout(() => this.onTimer(), delay);
    this.timer.unref();
  }

  /** Moves everything due to the ready list and waits for the next earliest. */
  private onTimer(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.clock().getTime();
    let earliest = Number.POSITIVE_INFINITY;
    for (const [id, due] of this.later) {
      if (due <= now) this.makeReady(id);
      else if (due < earliest) earliest = due;
    }
    if (earliest < Number.POSITIVE_INFINITY) this.armTimer(earliest);
    this.pump();
  }

  private async deliver(id: string): Promise<void> {
    const { spool, config } = this.deps;
    // This queue is the only writer of delivery state, so what it holds in memory is current;
    // the spool is read only for messages it has not seen yet.
    // The envelope may have left the queue since it was seen (a consumed probe is uncommitted inside
    // the 'queued' event, before this queue's listener): then there is nothing to deliver.
    const known = this.known.get(id);
    const message = known && spool.isCommitted(id) ? known : await spool.get(id);
    if (!message) {
      this.known.delete(id);
      this.refill();
      return;
    }
    const { envelope } = message;
    const log = known?.log ?? this.deps.messageLog(id);
    const started = this.clock();
    let state = message.state ?? initialState(envelope, started);
    const pending = pendingRecipients(state);
    const path = spool.messagePath(id);
    const bytes = spool.recentBytes(id);

    let prefix = config.received
      ? Buffer.from(receivedHeader(envelope, this.deps.hostname), 'latin1')
      : Buffer.alloc(0);
    let signedHere = false;
    let signingError: string | undefined;
    if (this.deps.signer?.keyFor(envelope.mailFrom)) {
      try {
        const signature = await this.deps.signer.sign(envelope.mailFrom, path, started);
        if (signature) {
          prefix = Buffer.concat([prefix, Buffer.from(signature, 'latin1')]);
          signedHere = true;
          this.stats.recordSigned();
        }
      } catch (error) {
        // Mail that should be signed does not leave unsigned: it waits, with the reason shown.
        signingError = `4.7.0 DKIM signing failed: ${(error as Error).message}`;
      }
    }
    // The DKIM check runs once, on the first attempt, and only for signed mail; whether the
    // message carries a signature is seen in its first chunk as it goes out.
    let firstChunk: Buffer | undefined;
    const onFirstChunk = message.state
      ? undefined
      : (chunk: Buffer) => {
          firstChunk ??= chunk;
        };

    const groups = await this.groupRecipients(pending);
    // One destination after another: a message in flight holds at most one connection, so
    // `concurrency` caps the connections open for delivery.
    const outcomes: RecipientOutcome[] = signingError ? allRecipients(pending, 'deferred', signingError) : [];
    const tls: TlsApplied[] = [];
    for (const group of signingError ? [] : groups)
      outcomes.push(
        ...(await this.deliverGroup(envelope, log, group, { path, bytes }, prefix, onFirstChunk, tls)),
      );

    const now = this.clock();
    const attempt = applyAttempt(envelope, state, outcomes, now, config.retry, this.random);
    state = attempt.state;
    // In memory before anything else can fail: from here on, the delivered recipients are never
    // sent this message again by this process.
    this.known.set(id, { envelope, state, log: known?.log });
    this.stats.recordDelivered(
      attempt.delivered.length,
      (now.getTime() - Date.parse(envelope.receivedAt)) / 1000,
    );
    this.stats.recordDeferred(attempt.deferred.length);
    this.stats.recordBounced(attempt.bounced.length);
    const verdict =
      message.state || signingError
        ? undefined
        : await this.checkDkim(log, prefix, path, signedHere, firstChunk);
    if (verdict) this.stats.recordDkim(verdict);

    if (attempt.bounced.length > 0) {
      try {
        await this.bounce(envelope, log, attempt.bounced, outcomes, path, now);
      } catch (error) {
        // No report queued (a full spool): the failed recipients stay pending, so that they are
        // bounced (with a report) at a later attempt rather than never reported.
        const code = (error as NodeJS.ErrnoException).code;
        state = reopen(state, attempt.bounced, now, config.retry, this.random);
        this.known.set(id, { envelope, state, log: known?.log });
        log.error(
          {
            component: 'delivery',
            code,
            err: (error as Error).message,
            bounced: attempt.bounced.map((r) => r.address),
          },
          'bounce not queued; the failed recipients are kept and reported at the next attempt',
        );
      }
    }

    const final = isFinal(state);
    await this.persister.save(id);
    if (!final && this.running && this.known.has(id)) this.schedule(id, Date.parse(state.nextAttemptAt));
    log.info(
      {
        component: 'delivery',
        delivered: attempt.delivered.map((r) => r.address),
        deferred: attempt.deferred.map((r) => ({ rcpt: r.address, error: r.lastError })),
        bounced: attempt.bounced.map((r) => ({ rcpt: r.address, error: r.lastError })),
        attempts: state.attempts,
        nextAttemptAt: final ? undefined : state.nextAttemptAt,
        dkim: verdict,
        tls,
      },
      final ? 'delivery finished' : 'delivery deferred',
    );
    this.emit('attempt', {
      id,
      delivered: attempt.delivered.map((r) => r.address),
      deferred: attempt.deferred.map((r) => r.address),
      bounced: attempt.bounced.map((r) => r.address),
      final,
    });
  }

  /** Writes what memory holds for `id`: its state, or its removal once every recipient is final. */
  private async persist(id: string): Promise<void> {
    const { spool } = this.deps;
    const known = this.known.get(id);
    if (!known?.state) return;
    if (!spool.isQueued(id)) {
      // Left the spool meanwhile (moved to corrupt/, or uncommitted): nothing to write.
      this.known.delete(id);
      this.refill();
      return;
    }
    if (isFinal(known.state)) {
      // Due now: after a restart, a message kept for its archive copy is handed over again at once.
      const finalState = { ...known.state, nextAttemptAt: this.clock().toISOString() };
      const { finisher } = this.deps;
      if (finisher) await finisher.finish(id, () => spool.writeState(id, finalState));
      else await spool.remove(id);
      this.known.delete(id);
      this.refill();
    } else await spool.writeState(id, known.state);
  }

  /** Reads messages from the backlog into memory, in the background, while there is room. */
  private refill(): void {
    if (this.refilling || !this.running) return;
    if (this.backlogSize === 0 || this.known.size >= this.deps.config.activeLimit) return;
    this.refilling = true;
    this.load(this.deps.config.activeLimit).then(
      () => {
        this.refilling = false;
        // A message may have left after the last check of load(), while refill() was refused.
        setImmediate(() => this.refill());
      },
      (error: unknown) => {
        this.refilling = false;
        this.deps.log.error(
          { err: (error as Error).message },
          'reading queued messages from disk failed; retrying in 1 s',
        );
        setTimeout(() => this.refill(), 1000).unref();
      },
    );
  }

  /** Reads backlog messages in order, a batch at a time (side by side), until `upTo` are in memory.
   *  A batch that fails is put back at the front. */
  private async load(upTo: number): Promise<void> {
    while (this.running && this.backlogSize > 0 && this.known.size < upTo) {
      const room = Math.min(REFILL_BATCH, upTo - this.known.size);
      const batch: string[] = [];
      while (batch.length < room && this.backlogSize > 0) {
        const id = this.backlog[this.backlogHead++] as string;
        if (!this.known.has(id) && this.deps.spool.isQueued(id)) batch.push(id);
      }
      let messages: Awaited<ReturnType<Spool['get']>>[];
      try {
        messages = await Promise.all(batch.map((id) => this.deps.spool.get(id)));
      } catch (error) {
        this.backlog.splice(this.backlogHead, 0, ...batch);
        throw error;
      }
      for (const message of messages) if (message) this.add(message.envelope, message.state);
      if (this.backlogHead > 1024 && this.backlogHead * 2 > this.backlog.length) {
        this.backlog = this.backlog.slice(this.backlogHead);
        this.backlogHead = 0;
      }
    }
  }

  private async groupRecipients(recipients: string[]): Promise<Group[]> {
    const groups = new Map<string, Group>();
    for (const address of recipients) {
      const domain = domainOf(address);
      const policy = await this.deps.tlsPolicy.lookup(domain);
      const key = this.deps.config.mode === 'mx' ? `${domain}|${policy.mode}` : policy.mode;
      let group = groups.get(key);
      if (!group) {
        const mode = tlsModeSchema.safeParse(policy.mode);
        group = { key, domain, policy, tls: mode.success ? mode.data : this.deps.config.tls, recipients: [] };
        groups.set(key, group);
      }
      group.recipients.push(address);
    }
    return [...groups.values()];
  }

  private async deliverGroup(
    envelope: QueuedEnvelope,
    log: Logger,
    group: Group,
    message: { path: string; bytes: Buffer | undefined },
    prefix: Buffer,
    onFirstChunk: ((chunk: Buffer) => void) | undefined,
    tls: TlsApplied[],
  ): Promise<RecipientOutcome[]> {
    const { config } = this.deps;
    const route = await resolveRoute(group.domain, config, this.deps.mxLookup, this.random);
    if (route.kind === 'fail') {
      return allRecipients(group.recipients, route.permanent ? 'bounced' : 'deferred', route.reason);
    }
    let hops = route.hops;
    const refused: string[] = [];
    if (route.source !== 'smarthost') {
      const decision = await decideTls(group.domain, route.hops, group.policy, {
        ...this.deps.secureTls,
        defaultMode: config.tls,
      });
      hops = decision.hops;
      for (const skip of decision.skipped) {
        this.stats.recordTlsPolicyFailure(skip.code);
        refused.push(skip.reason);
      }
      if (hops.length === 0) {
        const reason = decision.skipped.at(-1)?.reason ?? '4.4.4 no next hop to try';
        tls.push({ destination: group.domain, refused });
        return allRecipients(group.recipients, 'deferred', reason);
      }
    }
    const result = await deliverGroup(
      {
        hops,
        tls: group.tls,
        mailFrom: envelope.mailFrom,
        recipients: group.recipients,
        size: envelope.size,
        messagePath: message.path,
        ...(message.bytes ? { messageBytes: message.bytes } : {}),
        prefix,
        ...(onFirstChunk ? { onFirstChunk } : {}),
      },
      {
        pool: this.pool,
        resolveAddresses: this.deps.resolveAddresses,
        heloName: this.deps.hostname,
        timeoutMs: config.timeoutSeconds * 1000,
        ...(this.deps.tlsCa ? { ca: this.deps.tlsCa } : {}),
      },
    );
    for (const failure of result.failures) {
      if (/^4\.7\.5 (TLS|DANE)/.test(failure)) this.stats.recordTlsFailure();
    }
    for (const code of result.tlsFailures) this.stats.recordTlsPolicyFailure(code);
    for (const _ of result.mtaStsTesting) this.stats.recordTlsPolicyFailure('mta-sts-testing');
    const delivered = result.outcomes.filter((o) => o.result === 'delivered').length;
    const applied = result.policy?.policy ?? (route.source === 'smarthost' ? group.tls : undefined);
    if (applied) this.stats.recordTlsPolicy(applied, delivered);
    tls.push({
      destination: group.domain,
      ...(result.host ? { host: result.host } : {}),
      ...(applied ? { policy: applied } : {}),
      ...(result.policy
        ? { why: result.policy.why }
        : route.source === 'smarthost'
          ? { why: group.policy.source }
          : {}),
      ...(refused.length + result.tlsFailures.length > 0
        ? { refused: [...refused, ...result.failures.filter((f) => /^4\.7\.5/.test(f))] }
        : {}),
      ...(result.mtaStsTesting.length > 0 ? { mtaStsTesting: result.mtaStsTesting } : {}),
    });
    if (refused.length > 0) result.failures.unshift(...refused);
    if (result.failures.length > 0) {
      log.warn(
        { component: 'delivery', destination: group.domain, failures: result.failures },
        'next hops skipped',
      );
    }
    return result.outcomes;
  }

  private async checkDkim(
    log: Logger,
    prefix: Buffer,
    path: string,
    signedHere: boolean,
    firstChunk: Buffer | undefined,
  ): Promise<DkimVerdict | undefined> {
    if (!this.deps.dkimResolver) return undefined;
    try {
      const headers = firstChunk ?? (await readHeaderBlock(path));
      const end = headerEnd(headers);
      const block = (end < 0 ? headers : headers.subarray(0, end)).toString('latin1');
      const signed = signedHere || /(^|\n)dkim-signature:/i.test(block);
      if (!signed) return 'none';
      return await verifyOutgoing(prefix, path, this.deps.dkimResolver);
    } catch (error) {
      log.warn({ component: 'delivery', err: error }, 'DKIM check failed');
      return 'temperror';
    }
  }

  /** Queues an RFC 3464 report to the sender before the original's state is written, so a crash in
   *  between sends it twice rather than never. */
  private async bounce(
    envelope: QueuedEnvelope,
    log: Logger,
    failed: DeliveryState['recipients'],
    outcomes: RecipientOutcome[],
    path: string,
    now: Date,
  ): Promise<void> {
    const remoteHosts: Record<string, string> = {};
    for (const o of outcomes)
      if (o.remoteHost && o.result === 'bounced') remoteHosts[o.address] = o.remoteHost;
    const bounce = composeBounce({
      envelope,
      failed,
      originalHeaders: await readHeaderBlock(path),
      reportingMta: this.deps.hostname,
      now,
      uniqueId: `${envelope.id}.${now.getTime().toString(36)}`,
      remoteHosts,
    });
    if (!bounce) {
      log.warn(
        { component: 'delivery', bounced: failed.map((r) => r.address) },
        'not bouncing a message from the null sender <>',
      );
      return;
    }
    // The bounce is a message of its own, with its own queue id and logger; its first line names
    // the message it reports on.
    const bounceId = this.deps.spool.nextId();
    const bounceLog = this.deps.messageLog(bounceId);
    bounceLog.info(
      { component: 'delivery', event: 'bounce', origin: envelope.id, to: bounce.rcptTo },
      'bounce composed',
    );
    const queued = await this.deps.spool.accept(
      {
        mailFrom: bounce.mailFrom,
        rcptTo: bounce.rcptTo,
        receivedAt: now.toISOString(),
        client: { address: '127.0.0.1', hostname: this.deps.hostname, helo: this.deps.hostname },
        tls: null,
      },
      Readable.from([bounce.message]),
      { id: bounceId, log: bounceLog },
    );
    this.stats.recordBounceSent();
    log.info(
      { component: 'delivery', event: 'bounce', bounceId: queued.id, to: envelope.mailFrom },
      'bounce queued',
    );
  }
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
