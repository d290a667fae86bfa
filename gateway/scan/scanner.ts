// The scan stage between the checks and the spool commit: every configured scanner is fed the DATA
// bytes as they stream to the spool (a DataCheck that never refuses by itself), and the spool waits
// for the decision before it commits. A virus is 554 5.7.1, an rspamd `reject` 550 5.7.1; other rspamd
// actions are only recorded. A scanner that is down or slow gives 451 4.7.1 (onError: tempfail) or
// lets the message through unscanned (onError: accept). No byte is ever changed or added.
import type { DataCheck } from '../inbound/data-checks.ts';
import { type Refusal, refusal } from '../inbound/refusal.ts';
import type { Logger } from '../log.ts';
import type { Counter, MetricsRegistry } from '../metrics.ts';
import { ClamdEngine } from './clamd.ts';
import type { ScanConfig } from './config.ts';
import type { EngineVerdict, ScanEngine, ScanEnvelope, ScanJob } from './engine.ts';
import { type Finding, ScanRecord } from './record.ts';
import { RspamdEngine } from './rspamd.ts';

export interface EngineResult {
  engine: ScanEngine['name'];
  verdict: EngineVerdict;
}

export interface ScanDecision {
  /** Set when the message must not be queued. */
  refusal?: Refusal;
  results: EngineResult[];
}

export function enginesFor(config: ScanConfig | undefined): ScanEngine[] {
  if (!config) return [];
  const engines: ScanEngine[] = [];
  if (config.clamd) engines.push(new ClamdEngine(config.clamd, config.timeoutMs));
  if (config.rspamd) engines.push(new RspamdEngine(config.rspamd, config.timeoutMs));
  return engines;
}

export interface EngineHealth {
  name: ScanEngine['name'];
  ok: boolean;
  error?: string;
  checkedAt: string;
}

export class ContentScanner {
  private engines: ScanEngine[];
  private onError: 'tempfail' | 'accept';
  readonly record: ScanRecord;
  private readonly verdicts: Counter;

  constructor(
    config: ScanConfig | undefined,
    private readonly log: Logger,
    metrics: MetricsRegistry,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.engines = enginesFor(config);
    this.onError = config?.onError ?? 'tempfail';
    this.record = new ScanRecord();
    this.verdicts = metrics.counter(
      'relay_scan_verdicts_total',
      'Content scan verdicts by scanner (clamd, rspamd) and verdict (clean, virus, error, or the rspamd action)',
    );
  }

  get configured(): boolean {
    return this.engines.length > 0;
  }

  reconfigure(config: ScanConfig | undefined): void {
    this.engines = enginesFor(config);
    this.onError = config?.onError ?? 'tempfail';
  }

  /** A scan of one message, or undefined when no scanner is configured. */
  begin(envelope: ScanEnvelope): ScanSession | undefined {
    if (this.engines.length === 0) return undefined;
    const jobs = this.engines.map((engine) => ({ engine: engine.name, job: engine.open(envelope) }));
    return new ScanSession(jobs, (results) => this.decide(envelope, results));
  }

  /** Each scanner asked at once (PING for clamd, /ping for rspamd). */
  async health(): Promise<EngineHealth[]> {
    return Promise.all(
      this.engines.map(async (engine): Promise<EngineHealth> => {
        const checkedAt = this.clock().toISOString();
        try {
          await engine.ping();
          return { name: engine.name, ok: true, checkedAt };
        } catch (error) {
          return { name: engine.name, ok: false, error: (error as Error).message, checkedAt };
        }
      }),
    );
  }

  private decide(envelope: ScanEnvelope, results: EngineResult[]): ScanDecision {
    const at = this.clock();
    for (const { engine, verdict } of results) {
      this.verdicts.inc({
        scanner: engine,
        verdict: verdict.kind === 'spam-action' ? verdict.action : verdict.kind,
      });
    }
    const virus = results.find((r) => r.verdict.kind === 'virus');
    const spam = results.find((r) => r.verdict.kind === 'spam-action' && r.verdict.action === 'reject');
    const errors = results.filter((r) => r.verdict.kind === 'error');
    const findings: Finding[] = [];
    for (const { engine, verdict } of results) {
      if (verdict.kind === 'virus') findings.push({ engine, kind: 'virus', detail: verdict.signature });
      if (verdict.kind === 'spam-action' && verdict.action !== 'no action')
        findings.push({
          engine,
          kind: verdict.action === 'reject' ? 'spam' : 'action',
          detail: `${verdict.action}${verdict.score === undefined ? '' : ` (score ${verdict.score})`}`,
        });
      if (verdict.kind === 'error') findings.push({ engine, kind: 'error', detail: verdict.error });
    }
    let decision: ScanDecision;
    if (virus) {
      decision = {
        refusal: refusal(
          'virus',
          554,
          '5.7.1',
          'Message refused: the virus scanner found malware in it; check the sending account',
        ),
        results,
      };
    } else if (spam) {
      decision = {
        refusal: refusal('spam', 550, '5.7.1', 'Message refused as spam by the content filter'),
        results,
      };
    } else if (errors.length > 0 && this.onError === 'tempfail') {
      decision = {
        refusal: refusal(
          'scan-error',
          451,
          '4.7.1',
          'Message not queued: the content scanner is unavailable, try again later',
        ),
        results,
      };
    } else {
      decision = { results };
    }
    const outcome = virus ? 'virus' : spam ? 'spam' : errors.length > 0 ? 'error' : 'clean';
    this.record.add(at, { sender: envelope.mailFrom, outcome, findings, refused: Boolean(decision.refusal) });
    if (errors.length > 0) {
      this.log.warn(
        {
          event: 'scan-error',
          from: envelope.mailFrom,
          errors: errors.map((e) => ({ scanner: e.engine, error: (e.verdict as { error: string }).error })),
          onError: this.onError,
        },
        this.onError === 'accept' && !decision.refusal
          ? 'content scanner failed: message accepted unscanned (scan.onError: accept)'
          : 'content scanner failed',
      );
    }
    return decision;
  }
}

/** One message's scan: a DataCheck feeding every scanner, then the decision. */
export class ScanSession implements DataCheck {
  private decision: Promise<ScanDecision> | undefined;
  private aborted = false;

  constructor(
    private readonly jobs: { engine: ScanEngine['name']; job: ScanJob }[],
    private readonly decide: (results: EngineResult[]) => ScanDecision,
  ) {}

  inspect(chunk: Buffer): undefined {
    for (const { job } of this.jobs) job.write(chunk);
    return undefined;
  }

  finish(): undefined {
    this.decision ??= Promise.all(
      this.jobs.map(async ({ engine, job }) => ({ engine, verdict: await job.end() })),
    ).then((results) => this.decide(results));
    return undefined;
  }

  /** The decision; call after DATA ended (finish ran). */
  result(): Promise<ScanDecision> {
    if (!this.decision) return Promise.reject(new Error('scan: DATA did not end'));
    return this.decision;
  }

  /** Drops the scanners' connections (the message was refused or the client left). */
  abort(): void {
    if (this.aborted || this.decision) return;
    this.aborted = true;
    for (const { job } of this.jobs) job.abort();
  }
}
