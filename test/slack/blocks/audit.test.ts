import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditMessage } from '../../../src/slack/blocks/audit.ts';
import { channelWords } from '../../../src/slack/words.ts';
import type { AuditEntry } from '../../../src/store/repositories.ts';

function entry(id: number): AuditEntry {
  return {
    id,
    at: new Date(Date.UTC(2026, 2, 1, 9, 0, id)).toISOString(),
    actor: 'U0APPROVER1',
    changeId: id,
    action: 'approved-anyway',
    fromState: 'proposed',
    toState: 'approved',
    reason: 'maintenance window agreed with the mail team',
    details: { change: `add route relay-${id} smtp-${id}.relay.example.com:587` },
  };
}

describe('audit message', () => {
  it('shows every one of the 50 entries /gateway audit 50 asks for, each section within Slack limits', () => {
    const message = auditMessage(
      channelWords('en'),
      Array.from({ length: 50 }, (_, i) => entry(i + 1)),
    );
    const sections = message.blocks.filter((b) => b.type === 'section');
    const texts = sections.map((b) => String((b as { text: { text: string } }).text.text));
    assert.ok(texts.length > 1, 'fifty lines do not fit one section');
    for (const text of texts) assert.ok(text.length <= 3000, `section of ${text.length} characters`);
    const lines = texts.flatMap((t) => t.split('\n'));
    assert.equal(lines.length, 50);
    for (let id = 1; id <= 50; id++) {
      assert.ok(
        lines.some((l) => l.includes(`add route relay-${id} smtp-${id}.relay.example.com:587`)),
        `entry ${id} shown whole`,
      );
    }
  });
});
