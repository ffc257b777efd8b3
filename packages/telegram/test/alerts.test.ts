import { Redis } from 'ioredis'
import type { Lang } from '@kiebot/i18n'
import { createTelegramQueue, type TelegramQueue } from '@kiebot/jobs'
import { alertAdmins, type AlertDeps } from '@kiebot/telegram'
import { testRedisUrl, uniquePrefix } from '@kiebot/testing'

// Real Redis and a real BullMQ queue: the claim is a SET NX PX, the alerts are queued jobs.
let redis: Redis
let queue: TelegramQueue
let prefix: string
const warned: string[] = []

function deps(adminIds: bigint[], languages: Record<string, Lang> = {}): AlertDeps {
  return {
    adminIds,
    telegram: queue,
    claim: async (name, periodMs) => (await redis.set(`${prefix}:claim:${name}`, '1', 'PX', periodMs, 'NX')) === 'OK',
    languages: async (ids) =>
      new Map(ids.filter((id) => languages[id.toString()]).map((id) => [id, languages[id.toString()]!])),
    logger: { warn: (message) => void warned.push(message) },
  }
}

async function queuedTexts(): Promise<{ chatId: string; text: string; origin?: string }[]> {
  const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed'])
  return jobs
    .map((j) => j.data as { chatId: string; text: string; origin?: string })
    .sort((a, b) => a.chatId.localeCompare(b.chatId))
}

beforeEach(async () => {
  prefix = uniquePrefix('alerts')
  redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null })
  queue = createTelegramQueue({ connection: redis, prefix })
})

afterEach(async () => {
  await queue.obliterate({ force: true })
  await queue.close()
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

describe('alertAdmins', () => {
  it('tells every admin in their language, once per quiet period per key', async () => {
    const admins = deps([111n, 222n], { '111': 'ru' })
    const alert = {
      key: 'kie-credits-low',
      message: 'alert.kie_credits_low' as const,
      params: { credits: 12, threshold: 100 },
    }
    expect(await alertAdmins(admins, alert)).toBe(true)
    // raised again (by this process or another one sharing Redis) within the period: nothing more
    expect(await alertAdmins(deps([111n, 222n]), alert)).toBe(false)
    const texts = await queuedTexts()
    expect(texts.map((j) => j.chatId)).toEqual(['111', '222'])
    expect(texts[0]!.text).not.toEqual(texts[1]!.text) // Russian for 111, English for 222
    expect(texts[1]!.text).toContain('12')
    expect(texts.every((j) => j.origin === 'alert:kie-credits-low')).toBe(true)
    // another key is another alert
    expect(await alertAdmins(admins, { ...alert, key: 'kie-credits-low-2' })).toBe(true)
    expect(await queuedTexts()).toHaveLength(4)
  })

  it('a quiet period of 0 sends every time; a plain text is cut to a message', async () => {
    const admins = deps([333n])
    const text = 'x'.repeat(5000)
    expect(await alertAdmins(admins, { key: 'support', text, quietMs: 0 })).toBe(true)
    expect(await alertAdmins(admins, { key: 'support', text, quietMs: 0 })).toBe(true)
    const texts = await queuedTexts()
    expect(texts).toHaveLength(2)
    expect(texts.every((j) => j.text.length === 4096)).toBe(true)
  })

  it('without admins nothing is queued, and the alert is still logged', async () => {
    warned.length = 0
    expect(await alertAdmins(deps([]), { key: 'ledger', message: 'alert.kie_resumed', params: { credits: 1 } })).toBe(
      false,
    )
    expect(await queuedTexts()).toEqual([])
    expect(warned).toEqual(['admin alert'])
  })
})
