/** Bot API methods the emulator implements, by their spec name. */
import type { Payments } from '../payments'
import { botInfoMethods } from './bot-info'
import { callbackMethods } from './callbacks'
import type { MethodHandler } from './context'
import { mediaMethods } from './media'
import { messageMethods } from './messages'
import { paymentMethods } from './payments'
import { updateMethods } from './updates'

export type { MethodContext, MethodHandler } from './context'

export function methodHandlers(payments: Payments): Record<string, MethodHandler> {
  return {
    ...botInfoMethods,
    ...updateMethods,
    ...messageMethods,
    ...mediaMethods,
    ...callbackMethods,
    ...paymentMethods(payments),
  }
}
