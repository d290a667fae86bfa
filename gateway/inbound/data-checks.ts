// Checks that look at the DATA bytes as they stream by, without changing them. A check that
// refuses stops the message before the spool commits it. A content scan will be another check
// (or a stage after them) later.
import { type Refusal, refusal } from './refusal.ts';

export interface DataCheck {
  /** Called for every chunk, in order; a refusal stops the message. */
  inspect(chunk: Buffer): Refusal | undefined;
  /** Called once after the last chunk. */
  finish(): Refusal | undefined;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Refuses a CR not followed by LF or an LF not preceded by CR anywhere in the message: the relay
 * passes bytes on unchanged, and a next hop that reads a bare LF as a line end could be made to see
 * an end of DATA the relay did not see (SMTP smuggling, CVE-2023-51764).
 */
export class BareLineEndingCheck implements DataCheck {
  private previous = -1;

  inspect(chunk: Buffer): Refusal | undefined {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (byte === LF && this.previous !== CR) return bareNewline('LF');
      if (this.previous === CR && byte !== LF) return bareNewline('CR');
      this.previous = byte;
    }
    return undefined;
  }

  finish(): Refusal | undefined {
    return this.previous === CR ? bareNewline('CR') : undefined;
  }
}

function bareNewline(kind: 'CR' | 'LF'): Refusal {
  return refusal(
    'bare-newline',
    554,
    '5.6.0',
    `Message refused: bare ${kind} in DATA, every line must end with CRLF (see SMTP smuggling)`,
  );
}

export class SizeLimitCheck implements DataCheck {
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  inspect(chunk: Buffer): Refusal | undefined {
    this.bytes += chunk.length;
    return this.bytes > this.maxBytes ? tooLarge(this.maxBytes) : undefined;
  }

  finish(): Refusal | undefined {
    return undefined;
  }
}

/** smtp-server's own verdict (`stream.sizeExceeded`), read once DATA has ended, before the commit. */
export class SizeExceededFlagCheck implements DataCheck {
  constructor(
    private readonly exceeded: () => boolean,
    private readonly maxBytes: number,
  ) {}

  inspect(): Refusal | undefined {
    return undefined;
  }

  finish(): Refusal | undefined {
    return this.exceeded() ? tooLarge(this.maxBytes) : undefined;
  }
}

export function tooLarge(maxBytes: number): Refusal {
  return refusal('message-too-large', 552, '5.3.4', `Message exceeds the size limit of ${maxBytes} bytes`);
}
