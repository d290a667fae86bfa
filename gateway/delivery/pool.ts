// Idle SMTP sessions kept for the next message to the same destination (as Postfix's connection
// cache does), so a busy queue does not pay a TCP + EHLO (+ TLS) handshake per message.
import { Session, type SessionOptions, sessionKey } from './session.ts';

interface Idle {
  session: Session;
  timer: NodeJS.Timeout;
}

export class SessionPool {
  private readonly idle = new Map<string, Idle[]>();
  private closed = false;

  constructor(
    private readonly idleMs: number,
    /** Messages per connection before it is closed (Postfix: smtp_connection_reuse_count_limit). */
    private readonly maxMessagesPerSession = 1000,
  ) {}

  /** An idle session to this host:port with this TLS mode, or a new one to `options.address`. */
  async acquire(options: SessionOptions): Promise<Session> {
    const list = this.idle.get(sessionKey(options));
    while (list && list.length > 0) {
      const entry = list.pop() as Idle;
      clearTimeout(entry.timer);
      if (entry.session.usable) return entry.session;
    }
    return Session.open(options);
  }

  /** Has an idle session for this destination (so no address lookup is needed). */
  hasIdle(options: Pick<SessionOptions, 'host' | 'port' | 'tls'>): boolean {
    return (this.idle.get(sessionKey(options)) ?? []).some((e) => e.session.usable);
  }

  release(session: Session): void {
    if (this.closed || this.idleMs <= 0 || !session.usable || session.sent >= this.maxMessagesPerSession) {
      session.close();
      return;
    }
    const key = session.key;
    const list = this.idle.get(key) ?? [];
    const entry: Idle = {
      session,
      timer: setTimeout(() => {
        const current = this.idle.get(key);
        const at = current?.indexOf(entry) ?? -1;
        if (current && at >= 0) current.splice(at, 1);
        session.close();
      }, this.idleMs),
    };
    entry.timer.unref();
    list.push(entry);
    this.idle.set(key, list);
  }

  closeAll(): void {
    this.closed = true;
    for (const list of this.idle.values()) {
      for (const entry of list) {
        clearTimeout(entry.timer);
        entry.session.close();
      }
    }
    this.idle.clear();
  }
}
