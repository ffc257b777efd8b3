import type { MiddlewareFn } from 'telegraf'
import { ALL_CALLBACKS, findCallback, type CallbackCodec } from '@kiebot/jobs'
import type { BotContext } from '../bot/context'

// Button presses: each feature routes its own codecs here (`buttons.on(callbacks.menu, ...)`);
// the bot has one callback_query handler that answers the press, reads the data back with
// the codecs and calls the route. Data no codec reads (an old or forged button) is answered
// "no longer active". A handler with something to say answers with a toast.

type Handler<A> = (ctx: BotContext, args: A) => Promise<unknown> | unknown

interface Route {
  codec: CallbackCodec<unknown>
  handle: Handler<unknown>
  /** the handler answers the press itself, with a toast of what happened */
  toast?: boolean
  /** a press the route's filter refuses goes to `refuse` instead */
  filter?: { allows(ctx: BotContext): boolean; refuse(ctx: BotContext): Promise<unknown> }
}

export interface Buttons {
  on<A>(codec: CallbackCodec<A>, handle: Handler<A>): void
  /** A route whose handler returns the press's answer: a toast (a string) or nothing; answered once it ran. */
  onWithToast<A>(codec: CallbackCodec<A>, handle: (ctx: BotContext, args: A) => Promise<string | undefined>): void
  /** Routes registered through the result pass `allows` first (the admin panel's filter). */
  filter(allows: (ctx: BotContext) => boolean, refuse: (ctx: BotContext) => Promise<unknown>): Pick<Buttons, 'on'>
}

/** The codec a press names, as the bot's router reads it (undefined: "no longer active"). */
export function findAction(data: string): ReturnType<typeof findCallback> {
  return findCallback(data)
}

export class ButtonRouter implements Buttons {
  private readonly routes = new Map<CallbackCodec<unknown>, Route>()

  on<A>(codec: CallbackCodec<A>, handle: Handler<A>): void {
    this.add({ codec: codec as CallbackCodec<unknown>, handle: handle as Handler<unknown> })
  }

  onWithToast<A>(codec: CallbackCodec<A>, handle: (ctx: BotContext, args: A) => Promise<string | undefined>): void {
    this.add({ codec: codec as CallbackCodec<unknown>, handle: handle as Handler<unknown>, toast: true })
  }

  filter(allows: (ctx: BotContext) => boolean, refuse: (ctx: BotContext) => Promise<unknown>): Pick<Buttons, 'on'> {
    return {
      on: <A>(codec: CallbackCodec<A>, handle: Handler<A>) =>
        this.add({
          codec: codec as CallbackCodec<unknown>,
          handle: handle as Handler<unknown>,
          filter: { allows, refuse },
        }),
    }
  }

  private add(route: Route): void {
    if (!ALL_CALLBACKS.includes(route.codec))
      throw new Error(`button codec ${route.codec.prefix} is not in the callback catalog`)
    if (this.routes.has(route.codec)) throw new Error(`button codec ${route.codec.prefix} is routed twice`)
    this.routes.set(route.codec, route)
  }

  /** Boot-time completeness: every action a button can name has a handler. */
  assertComplete(): void {
    const missing = ALL_CALLBACKS.filter((codec) => !this.routes.has(codec)).map((codec) => codec.prefix)
    if (missing.length > 0) throw new Error(`buttons without a handler: ${missing.join(', ')}`)
  }

  /** The callback_query handler: handled, then answered (a handler's toast is the answer); unknown data says so. */
  middleware(): MiddlewareFn<BotContext> {
    return async (ctx) => {
      const query = ctx.callbackQuery
      const data = query && 'data' in query ? (query.data ?? '') : ''
      const found = findAction(data)
      const route = found && this.routes.get(found.codec)
      // The answer only stops the spinner: a late one (a re-delivered update) must not
      // stop the press from being handled.
      const answer = (text?: string) =>
        ctx
          .answerCbQuery(text)
          .catch((error: unknown) => ctx.deps.logger.info('callback query not answered', { error: String(error) }))
      if (!found || !route) {
        ctx.deps.metrics.errors.inc({ kind: 'unknown_button' })
        await answer(ctx.t('button.expired'))
        return
      }
      // A handler with something to say answers with a toast (`toast`); any other press is
      // answered when its handler ends, even when it fails, so the spinner always stops.
      let answered = false
      const original = ctx.answerCbQuery.bind(ctx)
      ctx.answerCbQuery = ((...args: Parameters<typeof original>) => {
        answered = true
        return original(...args)
      }) as typeof ctx.answerCbQuery
      try {
        if (route.filter && !route.filter.allows(ctx)) return void (await route.filter.refuse(ctx))
        const said = await route.handle(ctx, found.args)
        if (route.toast && typeof said === 'string') await toast(ctx, said)
      } finally {
        if (!answered) await answer()
      }
    }
  }
}

/**
 * Answers the press being handled with a short notice over the chat (stale button, already
 * paid, too late to cancel). Only the first answer of a press counts; outside a press it does nothing.
 */
export async function toast(ctx: BotContext, text: string): Promise<void> {
  if (!ctx.callbackQuery) return
  await ctx
    .answerCbQuery(text)
    .catch((error: unknown) => ctx.deps.logger.info('callback query not answered', { error: String(error) }))
}
