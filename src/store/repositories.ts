// Storage behind interfaces: SQLite now; a PostgreSQL implementation can sit beside it (several replicas).
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

export interface Store {
  desiredState: DesiredStateRepository;
  changes: ChangeRequestRepository;
  audit: AuditRepository;
  relayActions: RelayActionRepository;
  alerts: AlertRepository;
  userLocales: UserLocaleRepository;
  close(): Promise<void>;
}
