import { type Logger } from 'pino';

/**
 * An error nothing caught (a rejection too: Node raises it as one) ends the process as Node would,
 * with exit code 1, but written as a line of the log through the logger that keeps My Numbers out,
 * not printed raw on stderr where an error naming a person's stream would show one.
 */
export function logUncaughtErrors(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'the service stopped on an error nothing caught');
    // The logger's buffered lines are written on exit.
    process.exit(1);
  });
}
