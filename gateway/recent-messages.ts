// The bytes of recently committed small messages, kept so that onward delivery and the probe check
// can use them without reading the file back. The file stays the only durable copy: an entry is an
// exact copy of what was fsync'd, dropped when the message leaves the queue or when the total size
// exceeds the bound (oldest first), after which readers fall back to the file.
export class RecentMessages {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  add(id: string, message: Buffer): void {
    if (message.length > this.maxBytes) return;
    this.delete(id);
    this.entries.set(id, message);
    this.bytes += message.length;
    for (const [oldest, bytes] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= bytes.length;
    }
  }

  get(id: string): Buffer | undefined {
    return this.entries.get(id);
  }

  delete(id: string): void {
    const bytes = this.entries.get(id);
    if (!bytes) return;
    this.entries.delete(id);
    this.bytes -= bytes.length;
  }

  get size(): number {
    return this.bytes;
  }
}
