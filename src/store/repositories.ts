// Storage behind interfaces: SQLite (one process, embedded) or PostgreSQL (several replicas share it).
// Every guarantee below is enforced by the database, so it holds across replicas.
import type { ChangeRequest, ChangeState, MessageRef } from '../domain/change-request.ts';
import type { DesiredState } from '../domain/desired-state.ts';
import type { ActiveAlert } from '../domain/ops/alerts.ts';
import type { RelayActionRequest, RelayActionState } from '../domain/ops/relay-action.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  changeId: number | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
}

export type AuditInput = Omit<AuditEntry, 'id'>;

export type NewChangeRequest = Omit<ChangeRequest, 'id'>;

export interface TransitionWrite {
  id: number;
  /** Compare-and-set: the write happens only while the stored state is still this one. */
  from: ChangeState;
  next: ChangeRequest;
  audit: AuditInput;
  /** Written in the same transaction, again compare-and-set on the state's version. */
  desiredState?: { expectedVersion: number; next: DesiredState };
  /** TTL: the write happens only while the stored expiry is after this time (ISO 8601). */
  unexpiredAt?: string;
}

export interface DesiredStateRepository {
  load(): Promise<DesiredState>;
}

export interface ChangeRequestRepository {
  /** Stores a new proposal and its "proposed" audit entry together. */
  create(request: NewChangeRequest, audit: Omit<AuditInput, 'changeId'>): Promise<ChangeRequest>;
  get(id: number): Promise<ChangeRequest | undefined>;
  list(filter: { states?: ChangeState[]; limit?: number }): Promise<ChangeRequest[]>;
  /** false when another writer got there first (the stored state is no longer `from`). */
  transition(write: TransitionWrite): Promise<boolean>;
  setApprovalMessage(id: number, ref: MessageRef): Promise<void>;
}

export interface AuditRepository {
  append(entry: AuditInput): Promise<void>;
  /** Newest first. */
  list(filter: { limit: number; changeId?: number }): Promise<AuditEntry[]>;
}

export type NewRelayActionRequest = Omit<RelayActionRequest, 'id' | 'message'>;

export interface RelayActionWrite {
  id: number;
  /** Compare-and-set: the write happens only while the stored state is still this one. */
  from: RelayActionState;
  /** Its `message` is not written: setMessage owns it, so a transition never drops the reference. */
  next: RelayActionRequest;
  audit: AuditInput;
  /** TTL: the write happens only while the stored expiry is after this time (epoch ms). */
  unexpiredAt?: number;
}

/** Relay control actions waiting for (or past) a second admin's decision. */
export interface RelayActionRepository {
  /** Stores a new request and its audit entry (built from the new id) together. */
  create(request: NewRelayActionRequest, audit: (id: number) => AuditInput): Promise<RelayActionRequest>;
  get(id: number): Promise<RelayActionRequest | undefined>;
  /** Newest first. */
  list(filter: { states?: RelayActionState[]; limit?: number }): Promise<RelayActionRequest[]>;
  /** false when another writer got there first (the stored state is no longer `from`). */
  transition(write: RelayActionWrite): Promise<boolean>;
  setMessage(id: number, ref: MessageRef): Promise<void>;
}

export interface OpenAlert {
  alert: ActiveAlert;
  /** The alert's Slack message, once posted: its resolve goes there and into its thread. */
  message: MessageRef | null;
}

/** Alerts raised and not yet resolved, one per key (relay and kind). */
export interface AlertRepository {
  /** Oldest first. */
  list(): Promise<OpenAlert[]>;
  get(key: string): Promise<OpenAlert | undefined>;
  /** false when an alert with this key is already open (it was raised before). */
  open(alert: ActiveAlert): Promise<boolean>;
  setMessage(key: string, ref: MessageRef): Promise<void>;
  /**
   * Claims the resolve of an open alert, so one replica posts it: false when it is not open or another
   * claimed it less than `staleMs` ago (a claimer that died is superseded after that).
   */
  claimResolve(key: string, now: number, staleMs?: number): Promise<boolean>;
  /** false when it was not open. */
  close(key: string): Promise<boolean>;
}

/** A Slack user's locale and time zone as users.info last gave them (raw: the reader maps them). */
export interface UserLocale {
  userId: string;
  /** e.g. "ja-JP"; null when Slack gave none. */
  locale: string | null;
  /** IANA zone, e.g. "Asia/Tokyo"; null when Slack gave none. */
  timeZone: string | null;
  /** ISO time of the users.info answer. */
  fetchedAt: string;
}

/** The users.info cache behind per-reader language and dates. */
export interface UserLocaleRepository {
  get(userId: string): Promise<UserLocale | undefined>;
  /** Inserts or replaces. */
  put(entry: UserLocale): Promise<void>;
}

/** Deliveries older than this are forgotten (Slack retries within minutes; a day is plenty). */
export const DELIVERY_MEMORY_MS = 24 * 3_600_000;

/** Slack deliveries (interactions, commands, events) already acted on, by their key. */
export interface DeliveryRepository {
  /** true for the first claim of this key; false when any replica claimed it before. */
  claim(key: string, now: number): Promise<boolean>;
}

/** Work one replica does at a time (propagation tracking): a lease that expires unless renewed. */
export interface LeaseRepository {
  /**
   * Takes or renews the lease for `ttlMs` (measured by the database's clock): true when `holder` holds
   * it now, false while another holder's lease has not expired.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
}

export type StoreKind = 'sqlite' | 'postgresql';

export interface Store {
  desiredState: DesiredStateRepository;
  changes: ChangeRequestRepository;
  audit: AuditRepository;
  relayActions: RelayActionRepository;
  alerts: AlertRepository;
  userLocales: UserLocaleRepository;
  deliveries: DeliveryRepository;
  leases: LeaseRepository;
  kind: StoreKind;
  /** Where it is, for the log and /healthz: the file, or host:port/database (never a password). */
  location: string;
  /** Throws when the database cannot be reached (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
