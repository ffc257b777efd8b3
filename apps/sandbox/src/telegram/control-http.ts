/** `/_control/telegram/...`: the control object over HTTP (JSON in, `{ ok, result }` / `{ ok:false, error }` out). */
import busboy from 'busboy'
import { z } from 'zod'
import type { TelegramEmulatorControl } from './control'
import type { Emulator } from './emulator'
import { express, type Request, type RequestHandler, type Response, type Router } from './express'
import type { EventStreams } from './sse'
import type { UserMedia } from './user-actions'

const botRef = z.union([z.string(), z.number()]).optional()
const act = { bot: botRef, userId: z.number().int().optional(), replyTo: z.number().int().optional() }
const fault = {
  bot: botRef,
  times: z.number().int().min(1).optional(),
  chatId: z.number().int().optional(),
  method: z.string().optional(),
}
const fileKind = z.enum(['photo', 'video', 'audio', 'voice', 'document'])

const schemas = {
  bot: z
    .object({ token: z.string().optional(), username: z.string().optional(), firstName: z.string().optional() })
    .strict(),
  user: z
    .object({
      id: z.number().int().positive().optional(),
      first_name: z.string().min(1),
      last_name: z.string().optional(),
      username: z.string().optional(),
      language_code: z.string().optional(),
    })
    .strict(),
  group: z
    .object({
      id: z.number().int().negative().optional(),
      title: z.string().min(1),
      memberIds: z.array(z.number().int()).optional(),
    })
    .strict(),
  text: z.object({ text: z.string(), ...act }).strict(),
  media: z
    .object({
      kind: fileKind,
      base64: z.string(),
      fileName: z.string().optional(),
      mimeType: z.string().optional(),
      caption: z.string().optional(),
      width: z.number().int().optional(),
      height: z.number().int().optional(),
      duration: z.number().int().optional(),
      ...act,
    })
    .strict(),
  press: z
    .object({
      messageId: z.number().int(),
      data: z.string().optional(),
      text: z.string().optional(),
      force: z.boolean().optional(),
      ...act,
    })
    .strict(),
  pay: z.object({ messageId: z.number().int(), again: z.boolean().optional(), ...act }).strict(),
  payLink: z.object({ link: z.string(), userId: z.number().int() }).strict(),
  block: z.object({ bot: botRef, userId: z.number().int().optional() }).strict(),
  settings: z
    .object({
      flood: z
        .object({
          enabled: z.boolean(),
          windowMs: z.number().positive(),
          perChatPerWindow: z.number().positive(),
          perChatBurst: z.number().positive(),
          globalPerWindow: z.number().positive(),
        })
        .partial()
        .optional(),
      webhook: z
        .object({
          timeoutMs: z.number().positive(),
          retryBaseMs: z.number().min(0),
          retryMaxMs: z.number().min(0),
          maxAttempts: z.number().int().min(0),
        })
        .partial()
        .optional(),
      limits: z
        .object({
          urlPhotoBytes: z.number(),
          urlOtherBytes: z.number(),
          uploadPhotoBytes: z.number(),
          uploadOtherBytes: z.number(),
          downloadBytes: z.number(),
        })
        .partial()
        .optional(),
      preCheckoutTimeoutMs: z.number().positive().optional(),
      callbackQueryTimeoutMs: z.number().positive().optional(),
      acceptTokensByPattern: z.boolean().optional(),
      urlFetchTimeoutMs: z.number().positive().optional(),
      maxLongPollSeconds: z.number().min(0).optional(),
    })
    .strict(),
  fail: z
    .object({
      ...fault,
      errorCode: z.number().int().optional(),
      description: z.string().optional(),
      html: z.boolean().optional(),
    })
    .strict(),
  rateLimit: z.object({ ...fault, retryAfter: z.number().int().min(1).optional() }).strict(),
  fileTooBig: z.object({ bot: botRef, times: z.number().int().min(1).optional() }).strict(),
  latency: z
    .object({
      bot: botRef,
      method: z.string().optional(),
      ms: z.number().min(0),
      times: z.number().int().min(1).optional(),
    })
    .strict(),
  duplicates: z.object({ bot: botRef, count: z.number().int().min(1) }).strict(),
}

function reply(res: Response, work: () => unknown): void {
  Promise.resolve()
    .then(work)
    .then(
      (result) => res.json({ ok: true, ...(result === undefined ? {} : { result }) }),
      (error: unknown) =>
        res.status(400).json({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    )
}

function body<T>(schema: z.ZodType<T>, action: (input: T, req: Request) => unknown): RequestHandler {
  return (req, res) => {
    const parsed = schema.safeParse(req.body ?? {})
    if (!parsed.success) return void res.status(400).json({ ok: false, error: z.prettifyError(parsed.error) })
    reply(res, () => action(parsed.data, req))
  }
}

const chatIdOf = (req: Request): number => {
  const chatId = Number(req.params.chatId)
  if (!Number.isInteger(chatId)) throw new Error(`bad chat id "${req.params.chatId}"`)
  return chatId
}
const query = (req: Request, name: string): string | undefined =>
  typeof req.query[name] === 'string' && req.query[name] !== '' ? (req.query[name] as string) : undefined
const numberQuery = (req: Request, name: string): number | undefined => {
  const value = query(req, name)
  return value === undefined ? undefined : Number(value)
}

/** multipart upload of a user's file: part "file" plus fields kind, caption, userId, bot, ... */
function readMediaForm(req: Request): Promise<{ media: UserMedia; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {}
    let file: { bytes: Buffer; fileName?: string; mimeType?: string } | undefined
    const parser = busboy({ headers: req.headers })
    parser.on('field', (name, value) => (fields[name] = value))
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on(
        'end',
        () => (file = { bytes: Buffer.concat(chunks), fileName: info.filename, mimeType: info.mimeType }),
      )
    })
    parser.on('error', reject)
    parser.on('close', () => {
      const kind = fileKind.safeParse(fields.kind)
      if (!file || !kind.success)
        return reject(
          new Error('multipart needs a "file" part and a "kind" field (photo, video, audio, voice, document)'),
        )
      const number = (name: string): number | undefined =>
        fields[name] !== undefined ? Number(fields[name]) : undefined
      const media: UserMedia = {
        kind: kind.data,
        bytes: file.bytes,
        ...((fields.fileName ?? file.fileName) ? { fileName: fields.fileName ?? file.fileName } : {}),
        ...((fields.mimeType ?? file.mimeType) ? { mimeType: fields.mimeType ?? file.mimeType } : {}),
        ...(fields.caption ? { caption: fields.caption } : {}),
        ...(number('width') !== undefined ? { width: number('width') } : {}),
        ...(number('height') !== undefined ? { height: number('height') } : {}),
        ...(number('duration') !== undefined ? { duration: number('duration') } : {}),
      }
      resolve({ media, fields })
    })
    req.pipe(parser)
  })
}

export function controlRouter(control: TelegramEmulatorControl, emu: Emulator, streams: EventStreams): Router {
  const router = express.Router()
  router.use(express.json({ limit: '80mb' }))

  router.get('/state', (_req, res) =>
    reply(res, () => ({
      specVersion: emu.spec.version,
      bots: control.bots(),
      users: control.users(),
      chats: [...emu.state.chats.values()].map((chat) => emu.chatObject(chat)),
      settings: control.settings(),
    })),
  )
  router.post('/reset', (_req, res) => reply(res, () => control.reset()))
  router.get('/settings', (_req, res) => reply(res, () => control.settings()))
  router.post(
    '/settings',
    body(schemas.settings, (patch) => control.configure(patch)),
  )

  router.get('/bots', (_req, res) => reply(res, () => control.bots()))
  router.post(
    '/bots',
    body(schemas.bot, (seed) => control.createBot(seed)),
  )
  router.get('/users', (_req, res) => reply(res, () => control.users()))
  router.post(
    '/users',
    body(schemas.user, (seed) => control.createUser(seed)),
  )
  router.post(
    '/groups',
    body(schemas.group, (seed) => control.createGroup(seed)),
  )

  router.post(
    '/chats/:chatId/messages',
    body(schemas.text, ({ text, ...options }, req) => control.sendText(chatIdOf(req), text, options)),
  )
  router.post('/chats/:chatId/media', (req, res) => {
    if (req.is('multipart/form-data')) {
      return reply(res, async () => {
        const { media, fields } = await readMediaForm(req)
        const userId = fields.userId !== undefined ? Number(fields.userId) : undefined
        return control.sendMedia(chatIdOf(req), media, {
          ...(fields.bot ? { bot: fields.bot } : {}),
          ...(userId !== undefined ? { userId } : {}),
        })
      })
    }
    return body(schemas.media, ({ base64, bot, userId, replyTo, ...media }, request) =>
      control.sendMedia(
        chatIdOf(request),
        { ...media, bytes: Buffer.from(base64, 'base64') },
        { bot, userId, replyTo },
      ),
    )(req, res, () => undefined)
  })
  router.post(
    '/chats/:chatId/callback',
    body(schemas.press, ({ messageId, data, text, force, ...options }, req) =>
      control.pressButton(
        chatIdOf(req),
        messageId,
        {
          ...(data !== undefined ? { data } : {}),
          ...(text !== undefined ? { text } : {}),
          ...(force ? { force } : {}),
        },
        options,
      ),
    ),
  )
  router.post(
    '/chats/:chatId/pay',
    body(schemas.pay, ({ messageId, ...options }, req) => control.payInvoice(chatIdOf(req), messageId, options)),
  )
  router.post(
    '/invoice-links/pay',
    body(schemas.payLink, ({ link, userId }) => control.payInvoiceLink(link, userId)),
  )
  router.post(
    '/chats/:chatId/block',
    body(schemas.block, (options, req) => control.blockBot(chatIdOf(req), options)),
  )
  router.delete(
    '/chats/:chatId/block',
    body(schemas.block, (options, req) => control.unblockBot(chatIdOf(req), options)),
  )
  router.get('/chats/:chatId/transcript', (req, res) =>
    reply(res, () => control.transcript(chatIdOf(req), { bot: query(req, 'bot') })),
  )

  router.get('/calls', (req, res) =>
    reply(res, () => {
      const ok = query(req, 'ok')
      const chatId = numberQuery(req, 'chatId')
      const method = query(req, 'method')
      const bot = query(req, 'bot')
      return control.calls({
        ...(method ? { method } : {}),
        ...(bot ? { bot } : {}),
        ...(chatId !== undefined ? { chatId } : {}),
        ...(ok !== undefined ? { ok: ok === 'true' } : {}),
      })
    }),
  )
  router.delete('/calls', (_req, res) => reply(res, () => control.clearCalls()))
  router.get('/callback-answers/:queryId', (req, res) =>
    reply(res, () => control.callbackAnswer(req.params.queryId ?? '') ?? null),
  )
  router.get('/webhook', (req, res) => reply(res, () => control.webhookInfo({ bot: query(req, 'bot') })))
  router.get('/updates', (req, res) => reply(res, () => control.pendingUpdates({ bot: query(req, 'bot') })))
  router.get('/charges', (req, res) => reply(res, () => control.charges({ bot: query(req, 'bot') })))
  router.get('/commands', (req, res) => {
    const chatId = numberQuery(req, 'chatId')
    const languageCode = query(req, 'languageCode')
    reply(res, () =>
      control.commands({
        bot: query(req, 'bot'),
        ...(chatId !== undefined ? { chatId } : {}),
        ...(languageCode ? { languageCode } : {}),
      }),
    )
  })
  router.get('/menu-button', (req, res) => {
    const chatId = numberQuery(req, 'chatId')
    reply(res, () => control.menuButton({ bot: query(req, 'bot'), ...(chatId !== undefined ? { chatId } : {}) }))
  })
  // the web chat's Mini App panel: initData for the user who opens it, signed with the bot's token
  router.get('/web-app/init-data', (req, res) =>
    reply(res, () => ({
      initData: control.webAppInitData(numberQuery(req, 'userId') ?? 0, { bot: query(req, 'bot') }),
    })),
  )
  router.get('/files/:fileId', (req, res) => {
    const file = control.file(req.params.fileId ?? '')
    if (!file) return void res.status(404).json({ ok: false, error: 'no such file' })
    res.setHeader('content-type', file.mimeType ?? 'application/octet-stream')
    res.setHeader('content-length', String(file.size))
    res.status(200).end(file.bytes)
  })

  router.post(
    '/faults/fail',
    body(schemas.fail, ({ method, ...options }) => control.failNext(method, options)),
  )
  router.post(
    '/faults/rate-limit',
    body(schemas.rateLimit, (options) => control.rateLimitNext(options)),
  )
  router.post(
    '/faults/file-too-big',
    body(schemas.fileTooBig, (options) => control.fileTooBig(options)),
  )
  router.post(
    '/faults/latency',
    body(schemas.latency, (options) => control.addLatency(options)),
  )
  router.post(
    '/faults/duplicate-deliveries',
    body(schemas.duplicates, ({ count, bot }) => control.duplicateDeliveries(count, { bot })),
  )
  router.delete('/faults', (_req, res) => reply(res, () => control.clearFaults()))

  router.get('/events', (req, res) => {
    try {
      streams.handle(req, res)
    } catch (error) {
      res.status(400).json({ ok: false, error: error instanceof Error ? error.message : String(error) })
    }
  })
  router.use((_req, res) => void res.status(404).json({ ok: false, error: 'unknown control endpoint' }))
  return router
}
