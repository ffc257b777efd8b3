import { t } from '@kiebot/i18n'
import type { RunningTelegramEmulator, TranscriptEntry } from '@kiebot/sandbox'
import { callbackButtons, type ChatWatcher } from './chats'

// Users as Telegram users, through the emulator only: /start, then for every generation
// the real screens (menu → Images → Nano Banana → Start → prompt → skip the optional
// steps → Confirm), waiting for each screen the bot shows. A screen that does not come
// (gateway down, 429s, Redis restarting) makes the user start over from /menu.

const MODEL = 'nano-banana'

export interface Confirmation {
  chatId: number
  /** the confirmation message, which becomes the status message */
  messageId: number
  pressedAt: number
  /** the status ("queued") was shown */
  queuedAt: number | null
  outcome: 'queued' | 'too_many_active' | 'no_answer'
  pressedTwice: boolean
}

export interface TrafficFigures {
  confirmations: Confirmation[]
  /** walks abandoned before Confirm because a screen did not come in time */
  abandonedWalks: number
  /** errors pressing buttons (the screen changed under the user) */
  pressErrors: number
  users: number
}

export interface TrafficOptions {
  users: number
  generations: number
  maxActive: number
  doubleConfirm: number
  screenTimeoutMs: number
  deadlineAt: number
  /** called after every confirmation (the fault schedule keys on progress) */
  onConfirm(confirmed: number): void
}

const hasButton = (entry: TranscriptEntry, test: (data: string) => boolean) => callbackButtons(entry).some(test)

export async function runTraffic(
  telegram: RunningTelegramEmulator,
  watcher: ChatWatcher,
  options: TrafficOptions,
): Promise<TrafficFigures> {
  const control = telegram.control
  const figures: TrafficFigures = { confirmations: [], abandonedWalks: 0, pressErrors: 0, users: options.users }
  let claimed = 0
  const claim = () => (claimed < options.generations && Date.now() < options.deadlineAt ? (claimed++, true) : false)
  const unclaim = () => claimed--

  async function user(index: number): Promise<void> {
    const language = index % 2 === 0 ? 'en' : 'ru'
    const { id: chatId } = control.createUser({ first_name: `Chaos${index}`, language_code: language })
    const wait = (afterSeq: number, match: (e: TranscriptEntry) => boolean) =>
      watcher.next(chatId, afterSeq, match, options.screenTimeoutMs)
    const press = (messageId: number, data: string): boolean => {
      try {
        control.pressButton(chatId, messageId, data)
        return true
      } catch {
        figures.pressErrors++
        return false
      }
    }
    /** status messages of this user's generations still running */
    const active = new Map<number, Promise<unknown>>()
    const follow = (statusId: number, afterSeq: number) => {
      const done = watcher
        .next(chatId, afterSeq, (e) => e.messageId === statusId && /^[✅❌✖]/u.test(e.text ?? ''), 600_000)
        .then(() => active.delete(statusId))
      active.set(statusId, done)
    }

    let menuSeq = watcher.mark()
    control.sendCommand(chatId, 'start')
    let aborts = 0
    while (aborts < 25) {
      if (active.size >= options.maxActive) {
        await Promise.race([...active.values(), new Promise((r) => setTimeout(r, options.screenTimeoutMs))])
        if (active.size >= options.maxActive) active.clear() // stuck ones: go on (the gateway enforces the limit)
      }
      if (!claim()) return
      const walked = await walk(menuSeq)
      if (walked === 'abandoned') {
        unclaim()
        figures.abandonedWalks++
        aborts++
      }
      menuSeq = watcher.mark()
      control.sendCommand(chatId, 'menu')
    }

    async function walk(since: number): Promise<'confirmed' | 'abandoned'> {
      // the answer to /start or /menu: a new message (an old one edited into a menu, e.g. a
      // status message the gateway replaced, is left alone, so status messages stay as the product left them)
      const menu = await wait(since, (e) => e.edits.length === 0 && hasButton(e, (d) => d === 'c:image:0'))
      if (!menu) return 'abandoned'
      let mark = watcher.mark()
      if (!press(menu.entry.messageId, 'c:image:0')) return 'abandoned'
      const category = await wait(mark, (e) => hasButton(e, (d) => d === `m:${MODEL}`))
      if (!category) return 'abandoned'
      mark = watcher.mark()
      if (!press(category.entry.messageId, `m:${MODEL}`)) return 'abandoned'
      const card = await wait(mark, (e) => hasButton(e, (d) => d === `w:${MODEL}`))
      if (!card) return 'abandoned'
      mark = watcher.mark()
      if (!press(card.entry.messageId, `w:${MODEL}`)) return 'abandoned'
      const firstStep = await wait(
        mark,
        (e) => hasButton(e, (d) => d.startsWith('x:')) && !hasButton(e, (d) => d.startsWith('y:')),
      )
      if (!firstStep) return 'abandoned'
      const draft = callbackButtons(firstStep.entry)
        .find((d) => d.startsWith('x:'))!
        .slice(2)
      mark = watcher.mark()
      control.sendText(chatId, `a red fox in fresh snow at sunrise, take ${index}-${claimed}`)
      let screen = await wait(mark, (e) => hasButton(e, (d) => d.startsWith(`s:${draft}:`) || d === `y:${draft}`))
      for (let steps = 0; screen && !hasButton(screen.entry, (d) => d === `y:${draft}`) && steps < 10; steps++) {
        const skip = callbackButtons(screen.entry).find((d) => d.startsWith(`s:${draft}:`))!
        mark = watcher.mark()
        if (!press(screen.entry.messageId, skip)) return 'abandoned'
        screen = await wait(mark, (e) =>
          hasButton(e, (d) => (d.startsWith(`s:${draft}:`) && d !== skip) || d === `y:${draft}`),
        )
      }
      if (!screen || !hasButton(screen.entry, (d) => d === `y:${draft}`)) return 'abandoned'

      const confirmId = screen.entry.messageId
      mark = watcher.mark()
      const pressedAt = Date.now()
      const twice = Math.random() < options.doubleConfirm
      if (!press(confirmId, `y:${draft}`)) return 'abandoned'
      if (twice) control.pressButton(chatId, confirmId, { data: `y:${draft}`, force: true })
      const tooMany = t(language, 'error.too_many_active_generations', { count: options.maxActive })
      const answer = await wait(
        mark,
        (e) => (e.messageId === confirmId && (e.text ?? '').startsWith('⏳')) || e.text === tooMany,
      )
      const confirmation: Confirmation = {
        chatId,
        messageId: confirmId,
        pressedAt,
        queuedAt: answer && answer.entry.messageId === confirmId ? answer.at : null,
        outcome: !answer ? 'no_answer' : answer.entry.messageId === confirmId ? 'queued' : 'too_many_active',
        pressedTwice: twice,
      }
      figures.confirmations.push(confirmation)
      options.onConfirm(figures.confirmations.length)
      // a Confirm without an answer may still have made a generation (the report finds it
      // by its status message); it is followed like any other
      if (confirmation.outcome !== 'too_many_active') follow(confirmId, mark)
      return 'confirmed'
    }
  }

  await Promise.all(Array.from({ length: options.users }, (_, i) => user(i)))
  return figures
}
