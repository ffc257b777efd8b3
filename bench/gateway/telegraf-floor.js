/* global require, process, __dirname, console */
// The floor of bench/gateway: a telegraf webhook receiver that does only what every update
// of the product must do whatever its code, and nothing of the product's own: the update's
// dedup mark in Redis (SET NX), the sender's user row from Postgres (one SELECT by key), one
// reply to the chat over the Bot API (an edit of the pressed message, or a new message) with
// the button's answer in the webhook response, and the mark set to done. Started by the
// bench as a process of its own, with the same telegraf, pg and ioredis as the gateway.
// Env: PORT, SECRET, TOKEN, API_ROOT, DATABASE_URL, REDIS_URL, PREFIX. Listens on 127.0.0.1
// only; prints "listening" when ready.
const http = require('node:http')
const path = require('node:path')

const from = (dir) => (name) => require(require.resolve(name, { paths: [path.join(__dirname, '..', '..', dir)] }))
const { Telegraf } = from('apps/gateway')('telegraf')
const Redis = from('apps/gateway')('ioredis')
const { Pool } = from('packages/db')('pg')

const redis = new Redis(process.env.REDIS_URL)
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
const prefix = process.env.PREFIX

const bot = new Telegraf(process.env.TOKEN, { telegram: { apiRoot: process.env.API_ROOT, webhookReply: false } })
bot.use(async (ctx) => {
  const mark = `${prefix}:floor-update:${ctx.update.update_id}`
  if ((await redis.set(mark, 'processing', 'EX', 45, 'NX')) !== 'OK') return
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [String(ctx.from.id)])
  const text = `${rows[0]?.first_name ?? 'new'} ${ctx.update.update_id}`
  if (ctx.callbackQuery) {
    await ctx.editMessageText(text).catch(() => undefined)
    // the answer rides in the webhook's response, as the gateway's does
    ctx.telegram.webhookReply = true
    await ctx.answerCbQuery()
  } else {
    await ctx.reply(text)
  }
  await redis.set(mark, 'done', 'EX', 86400)
})
const server = http.createServer(bot.webhookCallback('/telegram/webhook', { secretToken: process.env.SECRET }))
server.keepAliveTimeout = 65_000
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'))
process.on('SIGTERM', () => server.close(() => Promise.all([pool.end(), redis.quit()]).then(() => process.exit(0))))
