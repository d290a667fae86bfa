// The TLS connection test of one local STARTTLS server, against `openssl s_client -starttls smtp`
// doing the handshake alone, measured in the same run; then 20 targets in parallel.
// Bounded: a fixed number of repetitions, each with a time limit; every server is closed at the end.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { runTlsTest } from '../src/tls/index.ts';
import { createTestPki } from '../test/support/pki.ts';
import { type StarttlsServer, startStarttlsServer } from '../test/support/starttls-server.ts';

const REPETITIONS = 30;
const CLI_REPETITIONS = 5;
const PARALLEL = 20;
const PARALLEL_ROUNDS = 5;
const LIMIT_MS = 10_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function timedProcess(command: string, args: string[], okCodes = [0]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'ignore'], timeout: LIMIT_MS });
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsed = performance.now() - started;
      if (okCodes.includes(code ?? -1)) resolve(elapsed);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
    });
  });
}

const openssl = (port: number) =>
  timedProcess('openssl', ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${port}`, '-brief']);

const pki = createTestPki('Bench');
const leaf = pki.leaf(['mail.test.example', '127.0.0.1']);
const serverOptions = { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem };
const publicRoots = [pki.root.certPem];
const route = (port: number) => ({
  host: '127.0.0.1',
  port,
  mxLookup: false,
  requireTls: true,
  requireCaSigned: true,
  validateHostname: true,
});

async function fullTest(port: number): Promise<number> {
  const started = performance.now();
  const result = await runTlsTest(route(port), { timeoutMs: LIMIT_MS }, { publicRoots });
  if (result.verdict !== 'deliver') throw new Error(`unexpected verdict: ${JSON.stringify(result.summary)}`);
  return performance.now() - started;
}

const servers: StarttlsServer[] = [];
try {
  const one = await startStarttlsServer(serverOptions);
  servers.push(one);
  for (let i = 0; i < 3; i++) {
    await fullTest(one.port);
    await openssl(one.port);
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    ours.push(await fullTest(one.port));
    theirs.push(await openssl(one.port));
  }
  const cli: number[] = [];
  for (let i = 0; i < CLI_REPETITIONS; i++) {
    cli.push(
      await timedProcess(
        process.execPath,
        ['--import', 'tsx', 'src/tls/cli.ts', '127.0.0.1', '--port', String(one.port), '--no-ca'],
        [0, 1],
      ),
    );
  }
  console.log(`one target, ${REPETITIONS} runs each (medians):`);
  console.log(`  runTlsTest, full test in process        ${fmt(median(ours))}`);
  console.log(`  openssl s_client -starttls smtp (process) ${fmt(median(theirs))}`);
  console.log(`  ratio full test / openssl handshake      ${(median(ours) / median(theirs)).toFixed(2)}`);
  console.log(`  the CLI as a process (tsx start-up incl.) ${fmt(median(cli))} (${CLI_REPETITIONS} runs)`);
  console.log(`  ratio CLI process / openssl process      ${(median(cli) / median(theirs)).toFixed(2)}`);

  for (let i = 1; i < PARALLEL; i++) servers.push(await startStarttlsServer(serverOptions));
  const oursParallel: number[] = [];
  const theirsParallel: number[] = [];
  for (let round = 0; round < PARALLEL_ROUNDS; round++) {
    let started = performance.now();
    await Promise.all(servers.map((server) => fullTest(server.port)));
    oursParallel.push(performance.now() - started);
    started = performance.now();
    await Promise.all(servers.map((server) => openssl(server.port)));
    theirsParallel.push(performance.now() - started);
  }
  console.log(`${PARALLEL} targets in parallel, ${PARALLEL_ROUNDS} rounds (median total time):`);
  console.log(`  runTlsTest x${PARALLEL}                            ${fmt(median(oursParallel))}`);
  console.log(`  openssl s_client x${PARALLEL} (processes)          ${fmt(median(theirsParallel))}`);
  console.log(
    `  ratio                                     ${(median(oursParallel) / median(theirsParallel)).toFixed(2)}`,
  );
} finally {
  await Promise.all(servers.map((server) => server.close()));
}
