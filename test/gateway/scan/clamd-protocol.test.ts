// The clamd client against scripted peers on loopback: the INSTREAM framing byte for byte, and
// broken or hostile clamd answers (silence, garbage, endless lines, a dropped connection).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { ClamdEngine, parseVerdict } from '../../../gateway/scan/clamd.ts';

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

/** A fake clamd: `onRequest` sees everything the client sent once it sent the zero-length end. */
async function fake(behave: (socket: Socket, received: () => Buffer) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const parts: Buffer[] = [];
    socket.on('data', (chunk) => parts.push(chunk));
    socket.on('error', () => {});
    behave(socket, () => Buffer.concat(parts));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const close = server.close.bind(server);
  server.close = (cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  };
  servers.push(server);
  return (server.address() as { port: number }).port;
}

function endsInstream(bytes: Buffer): boolean {
  return bytes.length >= 14 && bytes.subarray(-4).readUInt32BE() === 0;
}

describe('clamd INSTREAM client', () => {
  it('frames the message as zINSTREAM\\0, length-prefixed chunks and a zero length', async () => {
    let seen: Buffer = Buffer.alloc(0);
    const port = await fake((socket, received) => {
      socket.on('data', () => {
        if (endsInstream(received())) {
          seen = received();
          socket.end('stream: OK\0');
        }
      });
    });
    const job = new ClamdEngine({ host: '127.0.0.1', port }, 2000).open();
    job.write(Buffer.from('Subject: a\r\n\r\n'));
    job.write(Buffer.from('body\r\n'));
    assert.deepEqual(await job.end(), { kind: 'clean' });
    const expected = Buffer.concat([
      Buffer.from('zINSTREAM\0'),
      Buffer.from([0, 0, 0, 14]),
      Buffer.from('Subject: a\r\n\r\n'),
      Buffer.from([0, 0, 0, 6]),
      Buffer.from('body\r\n'),
      Buffer.from([0, 0, 0, 0]),
    ]);
    assert.equal(seen.toString('hex'), expected.toString('hex'));
  });

  it('gives an error verdict when clamd stays silent past the timeout', async () => {
    const port = await fake(() => {});
    const job = new ClamdEngine({ host: '127.0.0.1', port }, 300).open();
    job.write(Buffer.from('x\r\n'));
    const verdict = await job.end();
    assert.equal(verdict.kind, 'error');
    assert.match((verdict as { error: string }).error, /no verdict within 300 ms/);
  });

  it('gives an error verdict for an answer that is not a verdict, or one without end', async () => {
    const garbage = await fake((socket) => socket.once('data', () => socket.end('HELLO THERE\0')));
    const v1 = await new ClamdEngine({ host: '127.0.0.1', port: garbage }, 2000).open().end();
    assert.deepEqual(v1, {
      kind: 'error',
      error: `clamd at 127.0.0.1:${garbage} answered "HELLO THERE" (not a verdict)`,
    });

    const endless = await fake((socket) => socket.once('data', () => socket.write(Buffer.alloc(8192, 0x41))));
    const v2 = await new ClamdEngine({ host: '127.0.0.1', port: endless }, 2000).open().end();
    assert.equal(v2.kind, 'error');
    assert.match((v2 as { error: string }).error, /answer longer than 4096 bytes/);

    const dropped = await fake((socket) => socket.once('data', () => socket.destroy()));
    const v3 = await new ClamdEngine({ host: '127.0.0.1', port: dropped }, 2000).open().end();
    assert.equal(v3.kind, 'error');
  });

  it('reads FOUND and ERROR answers, and keeps control characters out of a signature', () => {
    assert.deepEqual(parseVerdict('stream: Win.Test.EICAR_HDB-1 FOUND', 'x'), {
      kind: 'virus',
      signature: 'Win.Test.EICAR_HDB-1',
    });
    assert.deepEqual(parseVerdict('stream: Bad\nName\u001b FOUND', 'x'), {
      kind: 'virus',
      signature: 'Bad?Name?',
    });
    assert.deepEqual(parseVerdict('INSTREAM size limit exceeded. ERROR', 'c'), {
      kind: 'error',
      error: 'clamd at c answered "INSTREAM size limit exceeded. ERROR"',
    });
  });
});
