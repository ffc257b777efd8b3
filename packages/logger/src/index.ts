export { createLogger, type Logger, type LoggerOptions } from './logger'
export { registerSecret, registerUrlPassword, redactChatTexts, redactString, redactValue } from './redact'
