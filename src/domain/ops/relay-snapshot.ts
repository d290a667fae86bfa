// What the bot knows about one relay at one moment, independent of the control API's wire format.
// Counters are cumulative since the relay started (they drop to zero when it restarts).
import type { Phrase } from '../../i18n/phrase.ts';

export interface RelayCounters {
  accepted: number;
  delivered: number;
  deferred: number;
  bounced: number;
  /** Refusals by reason, e.g. { 'client-not-allowed': 3, 'sender-domain': 1 }. */
  rejected: Record<string, number>;
}

export interface DeferredDestination {
  destination: string;
  messages: number;
  oldestAgeSeconds?: number;
  lastError?: string;
}

export interface RelaySnapshot {
  relay: string;
  /** ms since the epoch when the bot observed this. */
  at: number;
  reachable: boolean;
  /** Why the relay could not be read (already safe to show), in English as the log has it. */
  error?: string;
  /** The same for the reader's language, when the client could say it as a phrase. */
  problem?: Phrase;
  version?: string;
  uptimeSeconds?: number;
  paused?: boolean;
  /** How the relay delivers: 'mx' (directly to each domain's MX) or 'smarthost'. */
  deliveryMode?: string;
  queue?: { messages: number; oldestAgeSeconds?: number };
  counters?: RelayCounters;
  dkim?: { pass: number; fail: number };
  allowlist?: { size?: number; source?: string; refreshedAt?: number; error?: string };
  /** How the relay binds mail to the organization (absent: a relay too old to say). */
  tenant?: { bound: boolean; header?: string };
  /** ms since the epoch; the relay's STARTTLS certificate. */
  certNotAfter?: number;
  deferred?: DeferredDestination[];
  /** Content scanners (when configured): health, and what they found in the last day. */
  scan?: { scanners: ScannerHealth[]; lastDay?: Record<string, number>; findings: ScanFinding[] };
  /** The archive copy (when configured). */
  archive?: {
    destination?: string;
    archived: number;
    pending: number;
    failing: number;
    /** A copy has failed for longer than the relay's archive.alertAfterMinutes. */
    alert: boolean;
    lastError?: string;
    /** ms since the epoch */
    failingSince?: number;
  };
}

export interface ScannerHealth {
  name: string;
  ok: boolean;
  error?: string;
}

/** Malware or spam found in mail from one sender (scanner errors are not findings). */
export interface ScanFinding {
  /** ms since the epoch */
  at: number;
  sender: string;
  kind: 'virus' | 'spam';
  /** e.g. "clamd: Win.Test.EICAR_HDB-1" */
  detail: string;
  refused: boolean;
}

export function unreachable(relay: string, at: number, error: string): RelaySnapshot {
  return { relay, at, reachable: false, error };
}
