// Deferred mail grouped by destination domain, from the relay's queue listing. Pure.
import type { DeferredDestination } from './relay-snapshot.ts';

export interface QueuedMessageView {
  receivedAt: number;
  recipients: Array<{
    address: string;
    status: 'pending' | 'delivered' | 'bounced';
    attempts: number;
    lastError?: string;
  }>;
  lastError?: string;
}

/** A recipient is deferred when it is still pending after at least one attempt. Largest groups first. */
export function groupDeferred(messages: QueuedMessageView[], now: number): DeferredDestination[] {
  const groups = new Map<string, { messages: number; oldest: number; lastError?: string }>();
  for (const message of messages) {
    const domains = new Map<string, string | undefined>();
    for (const r of message.recipients) {
      if (r.status !== 'pending' || r.attempts === 0) continue;
      const domain = r.address.slice(r.address.lastIndexOf('@') + 1).toLowerCase();
      domains.set(domain, r.lastError ?? domains.get(domain) ?? message.lastError);
    }
    for (const [domain, error] of domains) {
      const group = groups.get(domain) ?? { messages: 0, oldest: message.receivedAt };
      group.messages++;
      group.oldest = Math.min(group.oldest, message.receivedAt);
      if (error) group.lastError = error;
      groups.set(domain, group);
    }
  }
  return [...groups.entries()]
    .map(([destination, g]) => ({
      destination,
      messages: g.messages,
      oldestAgeSeconds: Math.max(0, Math.round((now - g.oldest) / 1000)),
      ...(g.lastError ? { lastError: g.lastError } : {}),
    }))
    .sort((a, b) => b.messages - a.messages || a.destination.localeCompare(b.destination));
}
