import winston from 'winston'
import { redactValue } from './redact'

export type Logger = winston.Logger

export interface LoggerOptions {
  /** the process: gateway, worker, sandbox... */
  service: string
  level?: string
  /** json in production; readable single lines locally */
  format?: 'json' | 'pretty'
  /** where entries go (default stdout); tests pass a stream to read them */
  stream?: NodeJS.WritableStream
}

// Runs last before formatting, so nothing reaches the output unredacted.
const redact = winston.format((info) => redactValue(info) as winston.Logform.TransformableInfo)

const pretty = winston.format.printf((info) => {
  const { level, message, timestamp, service, stack, ...rest } = info
  const extra = Object.keys(rest).length > 0 ? ' ' + JSON.stringify(rest) : ''
  return `${String(timestamp)} ${level} [${String(service)}] ${String(message)}${extra}${stack ? '\n' + String(stack) : ''}`
})

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty')
  return dropBelowLevel(
    winston.createLogger({
      level: options.level ?? 'info',
      defaultMeta: { service: options.service },
      format: winston.format.combine(
        winston.format.errors({ stack: true }),
        winston.format.timestamp(),
        redact(),
        format === 'json' ? winston.format.json() : pretty,
      ),
      transports: [
        options.stream ? new winston.transports.Stream({ stream: options.stream }) : new winston.transports.Console(),
      ],
    }),
  )
}

/**
 * winston formats every entry (the errors, the timestamp, the redaction's deep copy, the JSON)
 * and only then lets its transports drop those below their level: an entry below the logger's
 * level is dropped here before any of that. Set on the logger's own level methods, so its
 * children (`logger.child`, which inherit them) and a level changed later are covered.
 */
function dropBelowLevel(logger: winston.Logger): winston.Logger {
  const methods = logger as unknown as Record<string, (...args: unknown[]) => winston.Logger>
  for (const level of Object.keys(logger.levels)) {
    const write = methods[level]
    if (typeof write !== 'function') continue
    // called detached (`.catch(logger.error)`), as winston allows: the logger itself
    methods[level] = function (this: winston.Logger | undefined, ...args: unknown[]) {
      const self = this ?? logger
      return self.isLevelEnabled(level) ? write.apply(self, args) : self
    }
  }
  return logger
}
