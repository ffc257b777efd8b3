/** What a Bot API method handler gets, and small typed readers for its (already coerced) params. */
import { badRequest } from '../errors'
import type { Emulator } from '../emulator'
import type { Upload } from '../request'
import type { BotRecord } from '../state'

export interface MethodContext {
  emu: Emulator
  bot: BotRecord
  /** validated against the spec and converted to the spec's types */
  params: Record<string, unknown>
  uploads: Map<string, Upload>
  /** aborted when the client goes away or the emulator stops */
  signal: AbortSignal
  /** adds Telegram's optional `description` to a successful answer ("Webhook was set") */
  describe(text: string): void
}

export type MethodHandler = (ctx: MethodContext) => unknown

export function text(params: Record<string, unknown>, name: string): string {
  const value = params[name]
  return typeof value === 'string' ? value : ''
}

export function optionalText(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name]
  return typeof value === 'string' ? value : undefined
}

export function integer(params: Record<string, unknown>, name: string): number {
  const value = params[name]
  if (typeof value !== 'number') throw badRequest(`parameter "${name}" is required`)
  return value
}

export function optionalInteger(params: Record<string, unknown>, name: string): number | undefined {
  const value = params[name]
  return typeof value === 'number' ? value : undefined
}

export function flag(params: Record<string, unknown>, name: string): boolean {
  return params[name] === true
}
