// A small authoritative DNS server on loopback (UDP) for tests: A, AAAA, MX and TXT records,
// NXDOMAIN for unknown names, and per-name failures (SERVFAIL, REFUSED, or no answer at all).
// Point a resolver at it with `resolver.setServers([server.address])`.
import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';

export interface MxRecord {
  preference: number;
  exchange: string;
}

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  MX?: MxRecord[];
  /** Each TXT record is one string, or several character-strings that a resolver joins. */
  TXT?: (string | string[])[];
  /** Answer every query for this name with this failure instead of records. */
  fail?: 'servfail' | 'refused' | 'timeout';
}

export type Zone = Record<string, ZoneEntry>;

export interface DnsQueryLogEntry {
  name: string;
  type: string;
}

export class TestDnsServer {
  /** Mutable: tests change records between lookups. Names are matched case-insensitively. */
  zone: Zone;
  readonly queries: DnsQueryLogEntry[] = [];
  private readonly socket: Socket;
  private port = 0;

  private constructor(zone: Zone) {
    this.zone = zone;
    this.socket = createSocket('udp4');
    this.socket.on('message', (msg, rinfo) => this.answer(msg, rinfo.port, rinfo.address));
  }

  static async start(zone: Zone = {}): Promise<TestDnsServer> {
    const server = new TestDnsServer(zone);
    await new Promise<void>((resolve, reject) => {
      server.socket.once('error', reject);
      server.socket.bind(0, '127.0.0.1', () => resolve());
    });
    server.port = server.socket.address().port;
    return server;
  }

  /** "127.0.0.1:PORT", the form `Resolver.setServers` and the relay's `dns.servers` take. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  set(name: string, entry: ZoneEntry): void {
    this.zone[name.toLowerCase()] = entry;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private lookup(name: string): ZoneEntry | undefined {
    const wanted = name.toLowerCase().replace(/\.$/, '');
    for (const [key, entry] of Object.entries(this.zone)) {
      if (key.toLowerCase() === wanted) return entry;
    }
    return undefined;
  }

  private answer(message: Buffer, port: number, address: string): void {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    this.queries.push({ name: question.name, type: question.type });
    const entry = this.lookup(question.name);
    if (entry?.fail === 'timeout') return;

    const answers: dnsPacket.Answer[] = [];
    let rcode = entry ? 'NOERROR' : 'NXDOMAIN';
    if (entry?.fail === 'servfail') rcode = 'SERVFAIL';
    else if (entry?.fail === 'refused') rcode = 'REFUSED';
    else if (entry) {
      const base = { name: question.name, ttl: 60, class: 'IN' as const };
      if (question.type === 'A') for (const data of entry.A ?? []) answers.push({ ...base, type: 'A', data });
      if (question.type === 'AAAA')
        for (const data of entry.AAAA ?? []) answers.push({ ...base, type: 'AAAA', data });
      if (question.type === 'MX')
        for (const data of entry.MX ?? []) answers.push({ ...base, type: 'MX', data });
      if (question.type === 'TXT')
        for (const data of entry.TXT ?? []) answers.push({ ...base, type: 'TXT', data });
    }

    const response = dnsPacket.encode({
      id: query.id,
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (query.flags ?? 0) | rcodeFlag(rcode),
      questions: query.questions,
      answers,
    });
    this.socket.send(response, port, address);
  }
}

function rcodeFlag(rcode: string): number {
  const codes: Record<string, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };
  return codes[rcode] ?? 0;
}
