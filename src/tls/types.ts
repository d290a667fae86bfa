// The typed result of a TLS connection test. Everything here is plain data (JSON-safe): the Slack
// layer, the text renderer and the JSON renderer all read the same object. Every sentence is a code
// with its facts (messages.ts), worded by the catalogue in the reader's language.
import type { TlsMessage } from './messages.ts';

/** A route as it is configured in the Admin console (Apps > Gmail > Hosts). */
export interface RouteTlsOptions {
  host: string;
  port: number;
  mxLookup: boolean;
  requireTls: boolean;
  requireCaSigned: boolean;
  validateHostname: boolean;
}

export interface TlsTestOptions {
  /** Extra trusted CA certificates, PEM text (one or more certificates per string). */
  extraCa?: string[];
  /** DNS servers to resolve the route with, "IP" or "IP:PORT"; the system's when absent. */
  dnsServers?: string[];
  /** Per-target time limit for the whole SMTP conversation, and for DNS answers. Default 10000. */
  timeoutMs?: number;
  /** The name sent with EHLO. Default: this machine's host name. */
  ehloName?: string;
}

export type Verdict = 'deliver' | 'bounce';

/** The three TLS options of a route, in the order they nest in the Admin console. */
export type RouteOption = 'requireTls' | 'requireCaSigned' | 'validateHostname';
export const ROUTE_OPTIONS: readonly RouteOption[] = ['requireTls', 'requireCaSigned', 'validateHostname'];

export interface Cause {
  /** The route option that makes mail bounce, or 'connect' when no option would help. */
  option: RouteOption | 'connect';
  message: TlsMessage;
  /** A short form of the message for one-line summaries. */
  headline: TlsMessage;
  /** The target the cause was seen on ("host [address]:port"). */
  target?: string;
}

export interface SmtpReply {
  code: number;
  /** The text of each reply line, without the code and separator. */
  lines: string[];
}

export type ProbeStage = 'resolve' | 'connect' | 'banner' | 'ehlo' | 'starttls' | 'handshake';

export type ProbeFailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'network'
  | 'closed'
  | 'banner-rejected'
  | 'ehlo-rejected'
  | 'starttls-not-offered'
  | 'starttls-refused'
  | 'tls-handshake';

export interface ProbeFailure {
  stage: ProbeStage;
  kind: ProbeFailureKind;
  message: TlsMessage;
}

export interface ProbeTimings {
  connectMs?: number;
  bannerMs?: number;
  ehloMs?: number;
  starttlsMs?: number;
  handshakeMs?: number;
  totalMs: number;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  commonName?: string;
  /** subjectAltName entries as "DNS:name" / "IP:address". */
  altNames: string[];
  serialNumber: string;
  validFrom: string;
  validTo: string;
  fingerprintSha256: string;
  isCa: boolean;
  selfSigned: boolean;
}

export type ChainProblemKind =
  | 'self-signed'
  | 'unknown-issuer'
  | 'missing-intermediate'
  | 'expired'
  | 'not-yet-valid';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** Subject of the certificate the problem is about. */
  certificate: string;
  message: TlsMessage;
}

export interface ChainCheck {
  /** True when the chain links to a trust anchor, every signature verifies and every date is valid. */
  verified: boolean;
  /** Subject of the trust anchor the chain ends at, when it links to one. */
  anchor?: string;
  problems: ChainProblem[];
}

export interface NameCheck {
  /** The route host, or the MX host name when MX lookup is on. */
  checkedName: string;
  matches: boolean;
  /** The names the certificate carries (subjectAltName, or the common name when it has none). */
  names: string[];
  message?: TlsMessage;
}

export interface CertificateAnalysis {
  /** Leaf first, then each issuer as the server sent it. */
  chain: CertificateInfo[];
  /** Verification against Node's public root store (what "CA-signed" means to Google). */
  publicRoots: ChainCheck;
  /** Verification against the public roots plus the extra CAs, when extra CAs were given. */
  withExtraCa?: ChainCheck;
  /** Whether Google would call this certificate CA-signed: publicRoots.verified. */
  caSigned: boolean;
  name: NameCheck;
  /** Whole days until the leaf expires (negative when expired). */
  daysToExpiry: number;
}

export interface TlsSession {
  protocol: string;
  cipher: string;
  /** IANA/RFC name of the cipher suite. */
  standardName?: string;
}

/** What the SMTP conversation itself showed, as smtp-probe.ts records it. */
export interface ConversationFacts {
  timings: ProbeTimings;
  banner?: SmtpReply;
  ehlo?: SmtpReply;
  /** EHLO keywords the server advertised (upper case). */
  extensions: string[];
  starttlsOffered?: boolean;
  starttlsReply?: SmtpReply;
  tls?: TlsSession;
  failure?: ProbeFailure;
}

/** What one SMTP conversation with one address showed. Independent of the route options. */
export interface TargetFacts extends ConversationFacts {
  /** "name [address]:port" or "address:port". */
  label: string;
  /** The name the certificate must carry: the route host, or the MX host with MX lookup. */
  expectedName: string;
  address: string;
  port: number;
  family: 4 | 6;
  mx?: { host: string; preference: number };
  certificate?: CertificateAnalysis;
}

export interface TargetResult extends TargetFacts {
  verdict: Verdict;
  /** Mail would go to this target unencrypted (TLS not required and not possible). */
  plaintext: boolean;
  causes: Cause[];
}

/** The options as Google applies them: a nested option has no effect while its parent is off. */
export interface EffectiveOptions {
  requireTls: boolean;
  requireCaSigned: boolean;
  validateHostname: boolean;
}

/** What turning one option on or off would do to the verdict, from the same observations. */
export interface OptionEffect {
  option: RouteOption;
  enabled: boolean;
  /** False when the option is on but has no effect because an option it nests under is off. */
  effective: boolean;
  verdictIfOn: Verdict;
  verdictIfOff: Verdict;
  /** What is lost when this option is off. */
  consequenceIfOff: TlsMessage;
}

export interface TargetResolution {
  mode: 'ip' | 'address' | 'mx';
  mxHosts?: { host: string; preference: number; addresses: string[] }[];
  /** Set when no target could be found (DNS failure, no records, null MX). */
  error?: TlsMessage;
}

export interface TlsTestResult {
  route: RouteTlsOptions;
  effectiveOptions: EffectiveOptions;
  verdict: Verdict;
  /** One line a person reads first. */
  summary: TlsMessage;
  causes: Cause[];
  /** What to do, most preferred first; turning an option off comes last. */
  remedies: TlsMessage[];
  /** Things that do not bounce mail but deserve attention (a failing MX host, plain-text delivery). */
  warnings: TlsMessage[];
  options: OptionEffect[];
  resolution: TargetResolution;
  targets: TargetResult[];
  testedAt: string;
  durationMs: number;
  /** Whether extra CA certificates were given (their verdict is in each target's withExtraCa). */
  extraCaGiven: boolean;
}
