import { getModel } from '@kiebot/models'
import { buttonsOf, findButton, plain, startHarness, type Harness } from './harness'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

describe('conversation', () => {
  it('/start creates the user and shows the main menu in their language', async () => {
    const ru = await h.user({ languageCode: 'ru', firstName: 'Анна' })
    const menu = await h.command(ru, 'start')
    expect(menu.text).toContain('Привет, Анна!')
    expect(buttonsOf(menu).map((b) => b.callback_data)).toEqual(['c:image:0', 'c:video:0', 'c:audio:0', 'bal', 'top', 'h:0', 'lang', 'help'])
    const user = await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(ru) } })
    expect(user.language).toBe('ru')

    const en = await h.user({ languageCode: 'en-US' })
    expect((await h.command(en, 'start')).text).toContain('Hi, Tester!')
  })

  it('walks catalog -> card -> wizard -> confirmation for nano-banana', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const menu = await h.command(chat, 'menu')
    const category = await h.press(chat, menu.messageId, 'c:image:0')
    expect(category.text).toContain('Images')
    const card = await h.press(chat, category.messageId, findButton(category, 'm:nano-banana'))
    expect(card.text).toContain('Nano Banana')
    const step1 = await h.press(chat, card.messageId, 'w:nano-banana')
    expect(step1.text).toContain('step 1 of')
    const afterPrompt = await h.text(chat, 'a red fox in the snow')
    expect(afterPrompt.text).toContain('step 2 of')
    const confirmation = await h.press(chat, afterPrompt.messageId, findButton(afterPrompt, /^s:/))
    // 4 credits x 0.005 USD x 90 RUB x 2 = 3.60 RUB
    expect(plain(confirmation.text)).toContain('Price: 3.60 ₽')
    expect(plain(confirmation.text)).toContain('100 ₽ → 96.40 ₽')
    expect(getModel('nano-banana')).toBeDefined()
  })
})
