/* global require, process, __dirname, console */
// The baseline of bench/gateway: a telegraf webhook receiver whose handlers do nothing,
// started by the bench as a process of its own. The same telegraf version as the gateway's
// (resolved from apps/gateway). Env: PORT, SECRET, TOKEN, API_ROOT (never called: the
// handlers send nothing). Listens on 127.0.0.1 only; prints "listening" when ready.
const http = require('node:http')
const path = require('node:path')

const { Telegraf } = require(
  require.resolve('telegraf', { paths: [path.join(__dirname, '..', '..', 'apps', 'gateway')] }),
)

const bot = new Telegraf(process.env.TOKEN, { telegram: { apiRoot: process.env.API_ROOT } })
bot.on('message', () => undefined)
bot.on('callback_query', () => undefined)
const server = http.createServer(bot.webhookCallback('/telegram/webhook', { secretToken: process.env.SECRET }))
server.keepAliveTimeout = 65_000
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
