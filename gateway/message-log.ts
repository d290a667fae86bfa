// One pino child logger per message, made when the message is accepted (or, for a message found in
// the spool at start-up, when it is loaded) and handed along with it: inbound, the spool, delivery,
// bounces and probes log that message's lines on it, so every line carries its `queueId` and
// `grep <queueId>` shows the message's whole life, as Postfix's log does. The parts name themselves
// in each line (`component`); the message logger is made from the relay's root logger, so no line
// carries two `component` keys.
import type { Logger } from './log.ts';

export type MessageLogger = (queueId: string) => Logger;

export function messageLogger(root: Logger): MessageLogger {
  return (queueId) => root.child({ queueId });
}
