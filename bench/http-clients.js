/* global require, process, __dirname, console, fetch, AbortSignal, Blob */
// CPU per call of the global fetch against undici's request, and of a telegraf client's
// editMessageText on its own node-fetch against the gateway's undici transport, on one local
// keep-alive server, in one process and one run (client and server CPU together: the server
// is the same for all, so the difference is the client's). `node bench/http-clients.js`
// (the gateway built). Why: the worker's Bot API client and the Kie transport use undici's
// request (docs/decisions.md, "Outgoing HTTP over undici's request, not fetch"), and so do an
// update's calls in the gateway (bot/bot-api-transport.ts).
const http = require('node:http')
const { request, FormData } = require(require.resolve('undici', { paths: [`${__dirname}/../apps/worker`] }))
// the gateway's: telegraf's client (node-fetch) and the transport an update's client runs on (built)
const { Telegram } = require(require.resolve('telegraf', { paths: [`${__dirname}/../apps/gateway`] }))
const { callsOverUndici } = require('../apps/gateway/dist/bot/bot-api-transport.js')

const CALLS = Number(process.env.BENCH_CALLS ?? 4000)
const AT_ONCE = 10
const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"result":{}}'))
})

function print(title, rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  console.log(title)
  for (const row of rows)
    console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
}

async function cpuPerCall(call, calls) {
  for (let i = 0; i < 500; i++) await call() // warm-up: connections open, code optimised
  const before = process.cpuUsage()
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      for (let i = 0; i < calls / AT_ONCE; i++) await call()
    }),
  )
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / calls
}

server.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}/bot1:token/sendMessage`
  const json = JSON.stringify({ chat_id: 1, text: 'a status line of the kind the worker edits' })
  const photo = new Uint8Array(30_000)
  const jsonCall = {
    fetch: async () => {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: json,
        signal: AbortSignal.timeout(10_000),
      })
      JSON.parse(await r.text())
    },
    'undici request': async () => {
      const r = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: json,
        signal: AbortSignal.timeout(10_000),
      })
      JSON.parse(await r.body.text())
    },
  }
  const formOf = (Form) => {
    const form = new Form()
    form.set('chat_id', '1')
    form.set('photo', new Blob([photo], { type: 'image/png' }), 'result.png')
    return form
  }
  const formCall = {
    fetch: async () => {
      const r = await fetch(url, {
        method: 'POST',
        body: formOf(globalThis.FormData),
        signal: AbortSignal.timeout(10_000),
      })
      JSON.parse(await r.text())
    },
    'undici request': async () => {
      const r = await request(url, { method: 'POST', body: formOf(FormData), signal: AbortSignal.timeout(10_000) })
      JSON.parse(await r.body.text())
    },
  }
  const rows = [['', 'JSON call, CPU ms', 'multipart 30 KB, CPU ms']]
  for (const round of [1, 2]) {
    for (const client of ['fetch', 'undici request']) {
      rows.push([
        `${client} (round ${round})`,
        (await cpuPerCall(jsonCall[client], CALLS)).toFixed(3),
        (await cpuPerCall(formCall[client], CALLS / 2)).toFixed(3),
      ])
    }
  }
  print(`${CALLS} calls each, ${AT_ONCE} at a time, client and server in one process`, rows)
  // a new client per call, as telegraf makes one per update
  const root = `http://127.0.0.1:${server.address().port}`
  const telegrafCall = (overUndici) => () => {
    const telegram = new Telegram('1:token', { apiRoot: root, webhookReply: false })
    if (overUndici) callsOverUndici(telegram)
    const keyboard = { inline_keyboard: [[{ text: 'Back', callback_data: 'menu' }]] }
    return telegram.editMessageText(1, 1, undefined, 'a screen of the kind the gateway edits', {
      reply_markup: keyboard,
    })
  }
  const gateway = [['', 'editMessageText, CPU ms']]
  for (const round of [1, 2])
    for (const [name, overUndici] of [
      ['telegraf, node-fetch', false],
      ['telegraf, callsOverUndici', true],
    ])
      gateway.push([`${name} (round ${round})`, (await cpuPerCall(telegrafCall(overUndici), CALLS)).toFixed(3)])
  print('\na telegraf client per call (the gateway)', gateway)
  server.close()
  process.exit(0)
})
