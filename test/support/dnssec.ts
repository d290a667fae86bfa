// Real DNSSEC on loopback for tests: zones signed at test time with ldns-keygen / ldns-signzone,
// served by nsd, validated by unbound (trust anchor from the DS the signer wrote). Debian packages
// nsd, unbound and ldnsutils; `missingDnssecTools()` names what is absent so a test can skip.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DnssecResolver } from '../../gateway/dnssec-resolver.ts';
import { freePort } from './ports.ts';

const run = promisify(execFile);
const TOOLS = ['nsd', 'unbound', 'ldns-keygen', 'ldns-signzone'];
const PATH = `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin`;

export interface TestZone {
  /** "dane.test" */
  name: string;
  /** Records relative to the zone, zone-file syntax ("mx1 IN A 127.0.0.2"); SOA and NS are added. */
  records: string[];
  /** Signed, with its DS as unbound's trust anchor. Unsigned zones validate as insecure. */
  signed: boolean;
  /** Edits the signed zone file (e.g. changes one record under its signature, making it bogus). */
  tamper?: (signedZone: string) => string;
}

export interface DnssecNet {
  /** "127.0.0.1:PORT": unbound, the validating resolver to point the relay at. */
  resolver: string;
  stop(): Promise<void>;
}

/** The tools this needs that are not installed, or an empty list. */
export async function missingDnssecTools(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of TOOLS) {
    try {
      await run('sh', ['-c', `command -v ${tool}`], { env: { ...process.env, PATH } });
    } catch {
      missing.push(tool);
    }
  }
  return missing;
}

async function waitForAnswer(server: string, name: string, what: string, child: ChildProcess): Promise<void> {
  const resolver = new DnssecResolver({ servers: [server], timeoutMs: 300, tries: 1 });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before answering`);
    try {
      const answer = await resolver.query(name, 'A');
      if (answer.rcode === 'NOERROR') return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} on ${server} did not answer ${name} within 10 s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Signs and serves the zones, starts a validating resolver for them; stop() ends both and cleans up. */
export async function startDnssec(zones: TestZone[]): Promise<DnssecNet> {
  const dir = await mkdtemp(join(tmpdir(), 'dnssec-test-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const anchors: string[] = [];
    const nsdZones: string[] = [];
    for (const zone of zones) {
      const file = join(dir, `${zone.name}.zone`);
      await writeFile(
        file,
        [
          `$ORIGIN ${zone.name}.`,
          '$TTL 60',
          `@ IN SOA ns.${zone.name}. admin.${zone.name}. 1 3600 600 86400 60`,
          `@ IN NS ns.${zone.name}.`,
          'ns IN A 127.0.0.1',
          ...zone.records,
          '',
        ].join('\n'),
      );
      let served = file;
      if (zone.signed) {
        const keygen = (args: string[]) =>
          run('ldns-keygen', [...args, '-a', 'ECDSAP256SHA256', zone.name], {
            cwd: dir,
            env: { ...process.env, PATH },
          });
        const ksk = (await keygen(['-k'])).stdout.trim();
        const zsk = (await keygen([])).stdout.trim();
        await run('ldns-signzone', ['-n', file, ksk, zsk], { cwd: dir, env: { ...process.env, PATH } });
        served = `${file}.signed`;
        if (zone.tamper) await writeFile(served, zone.tamper(await readFile(served, 'utf8')));
        anchors.push((await readFile(join(dir, `${ksk}.ds`), 'utf8')).trim().replace(/\s+/g, ' '));
      }
      nsdZones.push(`zone:\n  name: ${zone.name}\n  zonefile: ${served}`);
    }

    const nsdPort = await freePort();
    await writeFile(
      join(dir, 'nsd.conf'),
      [
        'server:',
        `  ip-address: 127.0.0.1@${nsdPort}`,
        '  username: ""',
        '  chroot: ""',
        `  zonesdir: "${dir}"`,
        `  pidfile: "${dir}/nsd.pid"`,
        `  xfrdfile: "${dir}/xfrd.state"`,
        `  zonelistfile: "${dir}/zone.list"`,
        '  database: ""',
        `  logfile: "${dir}/nsd.log"`,
        '  server-count: 1',
        'remote-control:',
        '  control-enable: no',
        ...nsdZones,
        '',
      ].join('\n'),
    );
    const nsd = spawn('nsd', ['-d', '-c', join(dir, 'nsd.conf')], {
      stdio: 'ignore',
      env: { ...process.env, PATH },
    });
    children.push(nsd);
    const first = zones[0]?.name ?? 'test';
    await waitForAnswer(`127.0.0.1:${nsdPort}`, `ns.${first}`, 'nsd', nsd);

    const unboundPort = await freePort();
    await writeFile(
      join(dir, 'unbound.conf'),
      [
        'server:',
        `  interface: 127.0.0.1@${unboundPort}`,
        `  port: ${unboundPort}`,
        '  username: ""',
        '  chroot: ""',
        `  directory: "${dir}"`,
        `  pidfile: "${dir}/unbound.pid"`,
        '  use-syslog: no',
        `  logfile: "${dir}/unbound.log"`,
        '  do-not-query-localhost: no',
        '  do-ip6: no',
        '  local-zone: "test." nodefault',
        '  module-config: "validator iterator"',
        ...anchors.map((ds) => `  trust-anchor: "${ds}"`),
        'remote-control:',
        '  control-enable: no',
        ...zones.map((z) => `stub-zone:\n  name: "${z.name}"\n  stub-addr: 127.0.0.1@${nsdPort}`),
        '',
      ].join('\n'),
    );
    const unbound = spawn('unbound', ['-d', '-c', join(dir, 'unbound.conf')], {
      stdio: 'ignore',
      env: { ...process.env, PATH },
    });
    children.push(unbound);
    await waitForAnswer(`127.0.0.1:${unboundPort}`, `ns.${first}`, 'unbound', unbound);
    return { resolver: `127.0.0.1:${unboundPort}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
