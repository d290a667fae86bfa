// DNS questions whose DNSSEC status matters (DANE, RFC 7672): asked straight to the configured
// resolvers with the DO bit set, reading the AD bit of the answer. Node's dns module exposes neither.
// UDP first, TCP again when the answer comes back truncated (TC). A validating resolver answers a
// bogus RRset with SERVFAIL, so "bogus" and "failed" look the same here, and both must defer.
// dns-packet is loaded on the first question: a relay without DANE never asks one.
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { getServers } from 'node:dns';
import { connect, isIP } from 'node:net';
import type * as dnsPacket from 'dns-packet';

type Codec = typeof import('dns-packet');
let codec: Promise<Codec> | undefined;
const loadCodec = async (): Promise<Codec> => {
  codec ??= import('dns-packet').then((m) => m.default);
  return codec;
};

export type RecordType = 'A' | 'AAAA' | 'MX' | 'TLSA' | 'TXT' | 'CNAME';

export interface SecureAnswer {
  /** NOERROR, NXDOMAIN, SERVFAIL, ... */
  rcode: string;
  /** The resolver set AD: every record in the answer (or the denial) was validated. */
  secure: boolean;
  /** Answer records of the type asked for (CNAMEs followed by the resolver are left out). */
  answers: dnsPacket.Answer[];
}

export interface SecureLookup {
  query(name: string, type: RecordType): Promise<SecureAnswer>;
}

export interface DnssecResolverSettings {
  /** "IP" or "IP:PORT" ("[v6]:PORT"); the system's resolvers when empty. */
  servers: string[];
  timeoutMs: number;
  tries: number;
}

interface Server {
  host: string;
  port: number;
}

/** Parses "1.2.3.4", "1.2.3.4:53", "::1", "[::1]:53". */
export function parseServer(text: string): Server {
  const bracketed = text.match(/^\[([^\]]+)\](?::(\d+))?$/);
  if (bracketed?.[1]) return { host: bracketed[1], port: Number(bracketed[2] ?? 53) };
  if (isIP(text)) return { host: text, port: 53 };
  const hostPort = text.match(/^([^:]+):(\d+)$/);
  if (hostPort?.[1]) return { host: hostPort[1], port: Number(hostPort[2]) };
  throw new Error(`DNS server "${text}" is not IP or IP:PORT`);
}

/** Bigger than any answer the relay asks for needs; larger ones come truncated and go to TCP. */
const UDP_PAYLOAD = 1232;

export class DnssecResolver implements SecureLookup {
  private readonly servers: Server[];

  constructor(private readonly settings: DnssecResolverSettings) {
    const listed = settings.servers.length > 0 ? settings.servers : getServers();
    this.servers = listed.map(parseServer);
  }

  async query(name: string, type: RecordType): Promise<SecureAnswer> {
    const fqdn = name.replace(/\.$/, '');
    const dnsPacket = await loadCodec();
    let lastError: Error = new Error(`no DNS server to ask for ${fqdn} ${type}`);
    for (let attempt = 0; attempt < this.settings.tries; attempt++) {
      for (const server of this.servers) {
        try {
          let packet = await this.ask(dnsPacket, server, fqdn, type, 'udp');
          if (packet.flag_tc) packet = await this.ask(dnsPacket, server, fqdn, type, 'tcp');
          const rcode = (packet as unknown as { rcode: string }).rcode;
          return {
            rcode,
            secure: packet.flag_ad,
            answers: (packet.answers ?? []).filter((a) => a.type === type),
          };
        } catch (error) {
          lastError = error as Error;
        }
      }
    }
    throw lastError;
  }

  private ask(
    dnsPacket: Codec,
    server: Server,
    name: string,
    type: RecordType,
    transport: 'udp' | 'tcp',
  ): Promise<dnsPacket.DecodedPacket> {
    const id = randomInt(0, 65_536);
    const query: dnsPacket.Packet = {
      type: 'query',
      id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type, name, class: 'IN' }],
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: UDP_PAYLOAD,
          flags: dnsPacket.DNSSEC_OK,
        } as dnsPacket.Answer,
      ],
    };
    const matches = (packet: dnsPacket.DecodedPacket) => {
      const question = packet.questions?.[0];
      return (
        packet.id === id &&
        packet.type === 'response' &&
        question?.type === type &&
        question.name.toLowerCase() === name.toLowerCase()
      );
    };
    return transport === 'udp'
      ? this.askUdp(dnsPacket, server, dnsPacket.encode(query), matches)
      : this.askTcp(dnsPacket, server, dnsPacket.streamEncode(query), matches);
  }

  private askUdp(
    dnsPacket: Codec,
    server: Server,
    message: Buffer,
    matches: (p: dnsPacket.DecodedPacket) => boolean,
  ): Promise<dnsPacket.DecodedPacket> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(isIP(server.host) === 6 ? 'udp6' : 'udp4');
      const timer = setTimeout(
        () => finish(new Error(`DNS server ${server.host}:${server.port} did not answer in time`)),
        this.settings.timeoutMs,
      );
      const finish = (error: Error | null, packet?: dnsPacket.DecodedPacket) => {
        clearTimeout(timer);
        socket.close();
        if (error) reject(error);
        else resolve(packet as dnsPacket.DecodedPacket);
      };
      socket.on('error', (error) => finish(error));
      socket.on('message', (data, from) => {
        // Anything not from the server asked, or not the answer to this question, is ignored.
        if (from.port !== server.port || from.address !== server.host) return;
        let packet: dnsPacket.DecodedPacket;
        try {
          packet = dnsPacket.decode(data);
        } catch {
          return;
        }
        if (matches(packet)) finish(null, packet);
      });
      socket.send(message, server.port, server.host, (error) => {
        if (error) finish(error);
      });
    });
  }

  private askTcp(
    dnsPacket: Codec,
    server: Server,
    message: Buffer,
    matches: (p: dnsPacket.DecodedPacket) => boolean,
  ): Promise<dnsPacket.DecodedPacket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: server.host, port: server.port });
      let buffer = Buffer.alloc(0);
      const timer = setTimeout(
        () => finish(new Error(`DNS server ${server.host}:${server.port} (TCP) did not answer in time`)),
        this.settings.timeoutMs,
      );
      const finish = (error: Error | null, packet?: dnsPacket.DecodedPacket) => {
        clearTimeout(timer);
        socket.destroy();
        if (error) reject(error);
        else resolve(packet as dnsPacket.DecodedPacket);
      };
      socket.on('error', (error) => finish(error));
      socket.on('close', () =>
        finish(new Error(`DNS server ${server.host}:${server.port} closed TCP early`)),
      );
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        if (buffer.length > 65_537) return finish(new Error('DNS answer over TCP too long'));
        if (buffer.length < 2) return;
        const length = buffer.readUInt16BE(0);
        if (buffer.length < 2 + length) return;
        try {
          const packet = dnsPacket.decode(buffer.subarray(2, 2 + length));
          if (matches(packet)) finish(null, packet);
          else finish(new Error(`DNS server ${server.host}:${server.port} answered another question`));
        } catch (error) {
          finish(
            new Error(
              `DNS answer from ${server.host}:${server.port} is malformed: ${(error as Error).message}`,
            ),
          );
        }
      });
      socket.write(message);
    });
  }
}
