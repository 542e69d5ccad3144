import { pino, type Logger } from 'pino';

/** Structured JSON logs on standard output. */
export const createLogger = (level: string): Logger => pino({ level, base: { service: 'gatehouse' } });
