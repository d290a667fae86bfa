// Storage behind interfaces: SQLite now; a PostgreSQL implementation can sit beside it (several replicas).
import type { ChangeRequest, ChangeState, MessageRef } from '../domain/change-request.ts';
import type { DesiredState } from '../domain/desired-state.ts';

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

export interface Store {
  desiredState: DesiredStateRepository;
  changes: ChangeRequestRepository;
  audit: AuditRepository;
  close(): Promise<void>;
}
