// The bot's log: pino JSON lines on stdout (journald keeps them under systemd), like the relay's.
// Bolt, its receivers and its Web API client log through `boltLogger`, an adapter of pino to Bolt's
// Logger interface, so everything the process writes is one JSON line per event.
import { inspect } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type DestinationStream, type Level, type Logger, pino } from 'pino';

export type { Logger };

export function createBotLogger(options: { level?: Level; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Tokens and secrets never belong in a line; should an object carrying one be logged, it is hidden.
      redact: [
        'token',
        'botToken',
        'appToken',
        'signingSecret',
        'authorization',
        'headers.authorization',
        '*.token',
        '*.botToken',
        '*.appToken',
        '*.signingSecret',
      ],
    },
    options.destination,
  );
}

/** Slack tokens that Bolt or the Web API client might put in a message string. */
const SLACK_TOKEN = /\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g;

const BOLT_LEVELS: Record<LogLevel, Level> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt's Logger on top of pino: Bolt's variadic messages become one `msg` (an Error also `err`);
 *  setLevel and setName apply to this adapter's own child logger, not to the root. */
export function boltLogger(root: Logger, name = 'bolt'): BoltLogger {
  let log = root.child({ component: name });
  let level: LogLevel = LogLevel.INFO;
  log.level = BOLT_LEVELS[level];
  const write = (at: Level, parts: unknown[]) => {
    const err = parts.find((p): p is Error => p instanceof Error);
    const text = parts
      .map((p) =>
        typeof p === 'string'
          ? p
          : p instanceof Error
            ? p.message
            : inspect(p, { depth: 4, breakLength: Infinity }),
      )
      .join(' ')
      .replace(SLACK_TOKEN, '[redacted]');
    if (err) log[at]({ err }, text);
    else log[at](text);
  };
  return {
    debug: (...parts: unknown[]) => write('debug', parts),
    info: (...parts: unknown[]) => write('info', parts),
    warn: (...parts: unknown[]) => write('warn', parts),
    error: (...parts: unknown[]) => write('error', parts),
    setLevel(next: LogLevel) {
      level = next;
      log.level = BOLT_LEVELS[next] ?? 'info';
    },
    getLevel: () => level,
    setName(next: string) {
      log = root.child({ component: next });
      log.level = BOLT_LEVELS[level] ?? 'info';
    },
  };
}
