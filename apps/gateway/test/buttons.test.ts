import { randomUUID } from 'node:crypto'
import { recordCatalogSnapshot } from '@kiebot/db'
import { askedFields, listModels } from '@kiebot/models'
import type { TranscriptEntry } from '@kiebot/sandbox'
import { findAction } from '../src/ui/buttons'
import { ADMIN_ID, plain, startHarness, seedGeneration, type Harness } from './harness'

// Every screen the bot can show, every button on it pressed: each press must be
// handled (answered, no "no longer active", no error) and lead to a screen whose
// buttons are pressed in turn. Screens are reached again for each press by
// replaying the path (command, then buttons by position), since a press changes
// the message it belongs to.

let h: Harness
beforeAll(async () => {
  // The crawl confirms many generations; the concurrency limit has its own test.
  h = await startHarness({ MAX_ACTIVE_GENERATIONS: '1000' })
})
afterAll(async () => {
  if (h.logs.length > 0) console.log(h.logs.join('').slice(0, 5000))
  await h.close()
})

interface Root {
  command: string
  args?: string
  /** after the command: buttons pressed by shape, texts sent (an admin's awaited input), files sent */
  script?: ({ press: Step } | { text: string } | { media: 'photo' | 'video' | 'audio'; caption?: string })[]
}
/** a button by its shape (its data with ids replaced): ids change on every replay */
type Step = string
interface Node {
  root: Root
  path: Step[]
}

/** Callback data with its ids replaced, so each kind of button is explored once. */
function shape(data: string): string {
  // one model's admin toggle and price buttons stand for all models'
  if (/^a:m[tp]:/.test(data)) return data.slice(0, 5) + 'S'
  // one model's "lower price" and "show again" buttons on the Catalog screen stand for all
  if (/^a:cat[le]:/.test(data)) return data.slice(0, 7) + 'S'
  // a broadcast's id is new on every preview
  if (/^a:bc[yn]:/.test(data)) return data.slice(0, 6) + 'B'
  // one model picked for a sent file, or suggested for an unknown /gen name, stands for all
  if (/^pf:fm:/.test(data)) return 'pf:fm:D:S'
  if (/^pf:g:/.test(data)) return 'pf:g:S'
  // a comparison's id is new every time it is opened; one model picked, or one card's "compare", stands for all
  if (/^cmp:t:/.test(data)) return 'cmp:t:D:S'
  if (/^cmp:s:/.test(data)) return 'cmp:s:S'
  if (/^cmp:[knoyxp]:/.test(data)) return data.replace(/^(cmp:\w):[\w-]{8}/, '$1:D')
  return data
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'U')
    .replace(/^([osdbxye]|ef|ed|wr):[\w-]{8}/, '$1:D')
    .replace(/^(pf:f[tk]):[\w-]{8}/, '$1:D')
}

function keyboardOf(entry: TranscriptEntry): { text: string; callback_data?: string }[][] {
  const markup = (
    entry.message as { reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] } }
  ).reply_markup
  return markup?.inline_keyboard ?? []
}

async function errorCount(): Promise<number> {
  const metric = await h.gateway.deps.metrics.errors.get()
  return metric.values.reduce((sum, v) => sum + v.value, 0)
}

/** Replays a node: the root command, then each button by position. Returns the screen. */
async function reach(chat: number, node: Node): Promise<TranscriptEntry> {
  let screen = await h.command(chat, node.root.command, node.root.args)
  for (const action of node.root.script ?? []) {
    if ('text' in action) {
      screen = await h.text(chat, action.text)
      continue
    }
    if ('media' in action) {
      screen = await h.media(chat, action.media, { ...(action.caption !== undefined && { caption: action.caption }) })
      continue
    }
    const data = keyboardOf(screen)
      .flat()
      .map((b) => b.callback_data)
      .find((d) => d !== undefined && shape(d) === action.press)
    if (!data) throw new Error(`script of ${JSON.stringify(node.root)} broke at ${action.press}`)
    screen = await h.press(chat, screen.messageId, data)
  }
  for (const step of node.path) {
    const data = keyboardOf(screen)
      .flat()
      .map((b) => b.callback_data)
      .find((d) => d !== undefined && shape(d) === step)
    if (!data) throw new Error(`path ${JSON.stringify(node)} broke at ${step}`)
    screen = await h.press(chat, screen.messageId, data)
  }
  return screen
}

async function crawl(chat: number, roots: Root[], seen: Set<string>, limit: number): Promise<{ pressed: string[] }> {
  const queue: Node[] = roots.map((root) => ({ root, path: [] }))
  const pressed: string[] = []
  while (queue.length > 0 && pressed.length < limit) {
    const node = queue.shift()!
    const screen = await reach(chat, node)
    const keyboard = keyboardOf(screen)
    for (let row = 0; row < keyboard.length; row++) {
      for (let col = 0; col < keyboard[row]!.length; col++) {
        const data = keyboard[row]![col]!.callback_data
        if (!data || seen.has(shape(data))) continue
        // "Popular" changes as the crawl makes generations (and pins): its models are pressed
        // from their sections' pages, which list every model on sale, so a replay finds them
        if (node.path.at(-1)?.startsWith('pop:') && data.startsWith('m:')) continue
        seen.add(shape(data))
        const fresh = node.path.length === 0 && pressed.length === 0 ? screen : await reach(chat, node)
        const freshData = keyboardOf(fresh)
          .flat()
          .map((b) => b.callback_data)
          .find((d) => d !== undefined && shape(d) === shape(data))
        expect({ at: JSON.stringify(node), data: freshData && shape(freshData) }).toEqual({
          at: JSON.stringify(node),
          data: shape(data),
        })
        const errorsBefore = await errorCount()
        const { queryId } = h.tg.control.pressButton(chat, fresh.messageId, { data: freshData! })
        const answer = await h.tg.control.waitForCallbackAnswer(queryId, 15_000)
        await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
        expect({ data, handled: findAction(freshData!) !== undefined }).toEqual({ data, handled: true })
        expect({ data, answer: answer.text ?? '' }).not.toEqual({
          data,
          answer: expect.stringContaining('no longer active'),
        })
        expect({ data, errors: await errorCount() }).toEqual({ data, errors: errorsBefore })
        expect({ data, last: plain(h.lastBotMessage(chat).text) }).not.toEqual({
          data,
          last: expect.stringContaining('Something went wrong'),
        })
        pressed.push(shape(data))
        queue.push({ root: node.root, path: [...node.path, shape(data)] })
      }
    }
  }
  return { pressed }
}

describe('every button of every screen', () => {
  it('is handled, starting from every command and from /gen for each API family', async () => {
    const chat = await h.user({ balanceKopecks: 1_000_000 })
    // A finished generation with a result, so History shows Resend and Repeat.
    await seedGeneration(h, chat, {
      telegramFileIds: [
        h.tg.control.sendMedia(chat, { kind: 'photo', bytes: Buffer.from('x'), width: 1, height: 1 }).fileId,
      ],
    })
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    const withPresets = listModels().find(
      (m) =>
        askedFields(m).some((f) => (f.type === 'integer' || f.type === 'number') && (f.presets?.length ?? 0) > 0) &&
        askedFields(m)[0]?.type === 'text',
    )
    const withBoolean = listModels().find(
      (m) => askedFields(m).some((f) => f.type === 'boolean') && askedFields(m)[0]?.type === 'text',
    )
    const roots: Root[] = [
      { command: 'start' },
      { command: 'menu' },
      { command: 'help' },
      { command: 'balance' },
      { command: 'topup' },
      { command: 'history' },
      { command: 'language' },
      { command: 'terms' },
      { command: 'paysupport' },
      ...[
        'nano-banana',
        'veo-3-1-fast',
        'suno-song',
        'runway-gen4-turbo',
        'flux-kontext-pro',
        'gpt-4o-image',
        withPresets!.slug,
        withBoolean!.slug,
      ].map((slug) => ({
        command: 'gen',
        args: `${slug} a quiet harbour at night`,
      })),
      // an unknown name's suggestions, a file sent outside a form, a search typed on a catalog page
      { command: 'gen', args: 'nano banan a quiet harbour at night' },
      { command: 'menu', script: [{ press: 'c:image:0' }, { media: 'photo', caption: 'a quiet harbour at night' }] },
      { command: 'menu', script: [{ press: 'c:audio:0' }, { media: 'audio' }] },
      { command: 'menu', script: [{ press: 'c:image:0' }, { text: 'seedream' }] },
    ]
    const seen = new Set<string>()
    const { pressed } = await crawl(chat, roots, seen, 400)
    expect(pressed.length).toBeGreaterThan(100)
    // Every kind of button the bot renders was reached.
    for (const kind of [
      'menu',
      'help',
      'bal',
      'top',
      'p:',
      'lang',
      'l:ru',
      'l:en',
      'c:image',
      'c:video',
      'c:audio',
      'm:',
      'w:',
      'o:D',
      's:D',
      'b:D',
      'x:D',
      'y:D',
      'e:D',
      'ef:D',
      'ed:D',
      'h:',
      'rs:U',
      'rp:U',
      'gc:U',
      'ct',
      'pop:',
      'tk:',
      'vns',
      'vn:',
      'pf:set',
      'pf:auto:',
      'pf:g:S',
      'pf:ft:D',
      'pf:fk:D',
      'pf:fm:D',
    ])
      expect({ kind, reached: pressed.some((p) => p.startsWith(kind)) }).toEqual({ kind, reached: true })
  }, 600_000)

  it('the buttons behind a result: favourites, edit the prompt, the original, use as input', async () => {
    const chat = await h.user({ balanceKopecks: 1_000_000 })
    const fileId = h.tg.control.sendMedia(chat, { kind: 'photo', bytes: Buffer.from('x'), width: 1, height: 1 }).fileId
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    // fifteen kept results: the favourites keep a second page while every replay through 🗑 removes one
    for (let i = 0; i < 15; i++) {
      const id = randomUUID()
      await seedGeneration(h, chat, {
        id,
        params: { prompt: `a fox ${i}` },
        resultUrls: ['https://files.example.com/fox.png'],
        telegramFileIds: [fileId],
        completedAt: new Date(),
      })
      await h.gateway.deps.db.favorite.create({ data: { userId: BigInt(chat), generationId: id, itemIndex: 0 } })
    }
    const { pressed } = await crawl(chat, [{ command: 'favorites' }], new Set<string>(['menu', 'help']), 80)
    for (const kind of ['fs:U:0', 'rq:U', 'ro:U:0', 'ru:U:0', 'rt:U:0:', 'rm:U:0:', 'fd:U:0', 'fl:1'])
      expect({ kind, reached: pressed.some((p) => p.startsWith(kind)) }).toEqual({ kind, reached: true })
  }, 300_000)

  it('a poor user sees the top-up offer on the confirmation, and its buttons work', async () => {
    const chat = await h.user()
    const seen = new Set<string>(['menu', 'help'])
    const { pressed } = await crawl(chat, [{ command: 'gen', args: 'nano-banana a fox' }], seen, 30)
    expect(pressed.some((p) => p.startsWith('p:'))).toBe(true)
    expect(h.tg.control.calls({ method: 'sendInvoice' }).length).toBeGreaterThan(0)
  }, 120_000)

  it('the admin screens: every button handled', async () => {
    const admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
    // a catalog sync's outcome, so the Catalog screen has every kind of button: a model Kie still
    // does not list (its "show again" is refused), two it lists again, three cheaper at Kie
    const listedAgain = ['hailuo-02-pro', 'hailuo-02']
    const cheaper = ['nano-banana-2', 'gpt-image-2', 'seedance-2-fast']
    const registry = listModels().filter((m) => m.slug !== 'sora-2')
    await recordCatalogSnapshot(h.gateway.deps.db, {
      startedAt: new Date(),
      fetchedAt: new Date(),
      models: [
        ...registry.map((m) => ({
          kieModel: m.kieModel,
          provider: null,
          taskTypes: [m.kind],
          priceText: null,
          priceEntries: [],
          requiredFields: [],
          enums: {},
        })),
        {
          kieModel: 'kling-3.0-omni/text-to-video',
          provider: 'kling',
          taskTypes: ['text-to-video'],
          priceText: '160 credits',
          priceEntries: null,
          requiredFields: [],
          enums: null,
        },
      ].filter((m, i, all) => all.findIndex((o) => o.kieModel === m.kieModel) === i),
      report: {
        repriced: [{ slug: 'kling-2-6' }],
        newModels: [
          {
            model: 'kling-3.0-omni/text-to-video',
            provider: 'kling',
            taskTypes: ['text-to-video'],
            priceText: '160 credits',
          },
        ],
        schemaChanges: [],
      },
      changes: [
        { modelId: 'sora-2', hide: { reason: 'unlisted', missingFields: [] } },
        ...listedAgain.map((modelId) => ({ modelId, hide: { reason: 'unlisted' as const, missingFields: [] } })),
        ...cheaper.map((modelId) => ({ modelId, proposedFactor: 0.6 })),
        { modelId: 'kling-2-6', creditFactor: 1.02 },
      ],
    })
    const { pressed } = await crawl(admin, [{ command: 'admin' }], new Set<string>(['menu']), 200)
    for (const kind of [
      'a:stats',
      'a:user',
      'a:models:1',
      'a:mt:',
      'a:mp:',
      'a:bc',
      'a:home',
      'a:cat',
      'a:catr',
      'a:catl:',
      'a:cate:',
    ])
      expect({ kind, reached: pressed.some((p) => p.startsWith(kind)) }).toEqual({ kind, reached: true })
  }, 300_000)

  it('the admin screens behind a typed input or a row: a user card, a payment, a broadcast, an undelivered result', async () => {
    const admin = h.tg.control.users().some((u) => u.id === ADMIN_ID)
      ? ADMIN_ID
      : h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
    // a user with a Stars payment whose rubles are spent (its refund is refused, so it stays refundable on every replay)
    const chat = await h.user()
    const topup = await h.command(chat, 'topup')
    const invoice = await h.press(chat, topup.messageId, 'p:50')
    await h.tg.control.payInvoice(chat, invoice.messageId)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    await h.gateway.deps.db.user.update({ where: { id: BigInt(chat) }, data: { balanceKopecks: 0 } })
    // a result Telegram refused every time
    await seedGeneration(h, chat, {
      undelivered: true,
      resultUrls: ['https://tempfile.example/crawled-fox.png'],
      completedAt: new Date(),
    })
    const roots: Root[] = [
      { command: 'admin', script: [{ press: 'a:user' }, { text: String(chat) }] },
      { command: 'admin', script: [{ press: 'a:bc' }, { text: 'Crawled broadcast' }] },
      { command: 'admin', script: [{ press: 'a:und' }] },
      // an admin's model card has the pin to "Popular"
      { command: 'start', args: 'm_eleven-sfx' },
    ]
    // the rest of the panel is crawled above
    const { pressed } = await crawl(
      admin,
      roots,
      new Set<string>([
        'menu',
        'a:stats',
        'a:models:0',
        'a:cat',
        'a:user',
        'a:bc',
        'a:und',
        'w:eleven-sfx',
        'c:audio:0',
      ]),
      100,
    )
    for (const kind of [
      'a:u:',
      'a:adj:',
      'a:ban:',
      'a:rf:',
      'a:rfy:',
      'a:bcy:',
      'a:bcn:',
      'a:undr:',
      'a:home',
      'a:pin:',
    ])
      expect({ kind, reached: pressed.some((p) => p.startsWith(kind)) }).toEqual({ kind, reached: true })
  }, 300_000)

  it('a stale or forged button is answered, never ignored', async () => {
    const chat = await h.user()
    const menu = await h.command(chat, 'menu')
    const { queryId } = h.tg.control.pressButton(chat, menu.messageId, { data: 'y:AAAAAAAA', force: true })
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    expect((await h.tg.control.waitForCallbackAnswer(queryId)).text ?? '').toBe('')
    expect(plain(h.lastBotMessage(chat).text)).toContain('This form has expired')
    const forged = h.tg.control.pressButton(chat, menu.messageId, { data: 'zzz:1', force: true })
    expect((await h.tg.control.waitForCallbackAnswer(forged.queryId)).text).toBe('This button is no longer active.')
  })
})
