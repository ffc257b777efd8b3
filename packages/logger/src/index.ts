export { createLogger, type Logger, type LoggerOptions } from './logger'
export { withLogContext, currentLogContext, type LogContext } from './context'
export { registerSecret, registerUrlPassword, redactChatTexts, redactString, redactValue } from './redact'
