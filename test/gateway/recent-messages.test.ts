import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RecentMessages } from '../../gateway/recent-messages.ts';

it('RecentMessages keeps at most its bound in bytes, dropping the oldest first', () => {
  const recent = new RecentMessages(10);
  recent.add('a', Buffer.from('aaaa'));
  recent.add('b', Buffer.from('bbbb'));
  recent.add('big', Buffer.alloc(11));
  assert.equal(recent.get('big'), undefined, 'a message over the bound is not kept');
  recent.add('c', Buffer.from('cccc'));
  assert.equal(recent.get('a'), undefined, 'the oldest went');
  assert.deepEqual(recent.get('b'), Buffer.from('bbbb'));
  assert.deepEqual(recent.get('c'), Buffer.from('cccc'));
  assert.equal(recent.size, 8);
  recent.delete('b');
  recent.delete('b');
  assert.equal(recent.size, 4);
});
