// Structured JSON logs (pino) for the relay. Every per-message decision carries the queue id.
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger };

export interface LogOptions {
  level: LevelWithSilent;
  /** Where lines go; stdout when absent (journald picks them up under systemd). */
  destination?: DestinationStream;
}

export function createLogger(options: LogOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'relay' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The control token travels in this header; nothing logs requests today, but keep it that way.
      redact: ['authorization', 'headers.authorization', 'token', 'control.token'],
    },
    options.destination,
  );
}
