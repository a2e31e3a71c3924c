import { createLogger, type Logger } from '../../src/platform/logging/logger.js';

export interface CapturedLogger {
  readonly logger: Logger;
  /** Every line written so far, exactly as it would reach stdout. */
  text(): string;
  /** The lines parsed as JSON records. */
  records(): Array<Record<string, unknown>>;
}

/** The production logger (same options, same redaction) writing into memory instead of stdout. */
export function captureLogs(level: 'info' | 'debug' | 'trace' = 'info'): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
