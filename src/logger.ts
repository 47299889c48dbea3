import { pino, type Logger } from 'pino';

/** The app's logger: JSON lines, with secrets (cookies, credentials) never written. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'req.body.password'],
      censor: '[redacted]',
    },
  });
}
