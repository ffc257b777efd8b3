import { ensureUser } from '@kiebot/db'
import { broadcastJobId, broadcastOrigin, broadcastRecipientJobId, enqueueBroadcast } from '@kiebot/jobs'
import { sentTo, spawnWorker, startHarness, waitFor, type Harness } from './support/harness'

// A broadcast is one job of the delivery queue: the worker adds the recipients' messages
// in chunks (500), records how far it got, and reports to the admin once every message
// has ended. Killed (SIGKILL) in the middle, it resumes: every user gets the text once.
let h: Harness

beforeAll(async () => {
  h = await startHarness()
}, 60_000)
afterAll(() => h.close())

async function users(count: number, options: { blocked?: boolean; banned?: boolean } = {}): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < count; i++) {
    const user = h.telegram.control.createUser({ first_name: 'Reader', language_code: 'en' })
    await ensureUser(h.db, { id: BigInt(user.id), firstName: 'Reader', languageCode: 'en' })
    if (options.blocked || options.banned)
      await h.db.user.update({
        where: { id: BigInt(user.id) },
        data: { blockedBot: options.blocked === true, banned: options.banned === true },
      })
    ids.push(user.id)
  }
  return ids
}

const received = (chatId: number, text: string) => sentTo(h, chatId).filter((m) => m.text === text).length

it('reaches every user exactly once with the worker killed mid-way, and the admin gets the report', async () => {
  const admin = (await users(1))[0]!
  await h.db.user.update({ where: { id: BigInt(admin) }, data: { language: 'ru' } })
  const readers = await users(620)
  const blockedUser = (await users(1, { blocked: true }))[0]!
  const bannedUser = (await users(1, { banned: true }))[0]!
  const text = 'Новые модели уже в боте!'

  const first = await spawnWorker(h, {
    WORKER_QUEUES: 'telegram',
    TELEGRAM_SENDS_PER_SECOND: '100',
    TELEGRAM_CHAT_INTERVAL_MS: '50',
  })
  await enqueueBroadcast(h.queues.telegram, { broadcastId: 'bc-kill-1', adminId: String(admin), text })
  // a confirm pressed twice hands the broadcast over once
  await enqueueBroadcast(h.queues.telegram, { broadcastId: 'bc-kill-1', adminId: String(admin), text })

  const everyone = [admin, ...readers]
  const delivered = () => everyone.filter((id) => received(id, text) > 0).length
  await waitFor('a part of the broadcast', async () => delivered() >= 150, 60_000)
  // Stop Telegram taking messages (429 to every send) so that none is in flight, then kill.
  h.telegram.control.rateLimitNext({ method: 'sendMessage', times: Infinity, retryAfter: 4 })
  await new Promise((r) => setTimeout(r, 500))
  await first.stop('SIGKILL')
  const before = delivered()
  expect(before).toBeLessThan(everyone.length)
  h.telegram.control.clearFaults()

  await spawnWorker(h, {
    WORKER_QUEUES: 'telegram',
    TELEGRAM_SENDS_PER_SECOND: '100',
    TELEGRAM_CHAT_INTERVAL_MS: '50',
    WORKER_LOCK_MS: '2000',
  })
  await waitFor('every recipient', async () => delivered() === everyone.length, 120_000)
  const report = await waitFor('the report', async () => sentTo(h, admin).find((m) => m.text?.startsWith('📣')), 60_000)
  expect(report.text).toBe(
    '📣 Рассылка завершена: получателей — 621. Доставлено: 621, заблокировали бота: 0, не доставлено: 0, ещё в пути: 0.',
  )

  for (const id of everyone) expect(received(id, text)).toBe(1)
  expect(received(blockedUser, text)).toBe(0)
  expect(received(bannedUser, text)).toBe(0)
  const job = await h.queues.telegram.getJob(broadcastJobId('bc-kill-1'))
  expect(job?.progress).toEqual({ lastUserId: String(Math.max(...everyone)), enqueued: 621, fannedOut: true })
  // nothing more arrives later
  await new Promise((r) => setTimeout(r, 1500))
  for (const id of everyone) expect(received(id, text)).toBe(1)
  expect(sentTo(h, admin).filter((m) => m.text?.startsWith('📣'))).toHaveLength(1)
}, 240_000)

it('a fan-out that died after adding a chunk but before recording it resumes without a second message', async () => {
  await Promise.all(h.workers.map((w) => w.stop('SIGKILL')))
  await users(560)
  const recipients = (
    await h.db.user.findMany({
      where: { banned: false, blockedBot: false },
      orderBy: { id: 'asc' },
      select: { id: true },
    })
  ).map((u) => Number(u.id))
  expect(recipients.length).toBeGreaterThan(500)
  const admin = recipients[0]!
  await h.db.user.update({ where: { id: BigInt(admin) }, data: { language: 'en' } })
  const text = 'Second broadcast'
  // What a run killed at the worst moment leaves: the job's progress says the first 500
  // were added; 40 more of the next chunk were added too, but not recorded.
  await enqueueBroadcast(h.queues.telegram, { broadcastId: 'bc-resume', adminId: String(admin), text })
  const job = (await h.queues.telegram.getJob(broadcastJobId('bc-resume')))!
  await job.updateProgress({ lastUserId: String(recipients[499]), enqueued: 500, fannedOut: false })
  await h.queues.telegram.addBulk(
    recipients.slice(0, 540).map((id) => ({
      name: 'text',
      data: { kind: 'text' as const, chatId: String(id), text, origin: broadcastOrigin('bc-resume') },
      opts: { jobId: broadcastRecipientJobId('bc-resume', String(id)) },
    })),
  )
  await spawnWorker(h, { WORKER_QUEUES: 'telegram', TELEGRAM_SENDS_PER_SECOND: '100', TELEGRAM_CHAT_INTERVAL_MS: '50' })
  await waitFor('every recipient', async () => recipients.every((id) => received(id, text) > 0), 120_000)
  const report = await waitFor(
    'the report',
    async () => sentTo(h, admin).find((m) => m.text?.includes(`${recipients.length} recipients`)),
    60_000,
  )
  expect(report.text).toBe(
    `📣 Broadcast finished: ${recipients.length} recipients. Delivered: ${recipients.length}, blocked the bot: 0, failed: 0, not finished yet: 0.`,
  )
  await new Promise((r) => setTimeout(r, 1500))
  for (const id of recipients) expect(received(id, text)).toBe(1)
}, 240_000)
