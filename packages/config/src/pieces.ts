import { z } from 'zod'
import { piece, type ConfigProblem, type Env } from './env'

// Shared pieces of configuration. Each app's schema (./apps.ts) is a list of them.
// No secret has a default.

const secret = (minLength = 1) => z.string().min(minLength, `must be at least ${minLength} characters`)
const httpUrl = () =>
  z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''))
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback)
const positiveNumber = () => z.coerce.number({ error: 'must be a number' }).positive('must be > 0')

export const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]{16,256}$/
export const BOT_TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{20,}$/

export const runtime = piece({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  /** json in production, readable lines locally (default: json when NODE_ENV=production) */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
})

export const database = piece({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
})

export const redis = piece({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  /** BullMQ key prefix; queues of different deployments sharing a Redis must differ */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('kb'),
})

export const telegramApi = piece({
  TELEGRAM_BOT_TOKEN: z.string().regex(BOT_TOKEN_PATTERN, 'must look like 123456789:AA... (from @BotFather)'),
  TELEGRAM_API_ROOT: httpUrl().default('https://api.telegram.org'),
})

export const publicUrl = piece({
  /** public base URL of the gateway: Telegram webhook and Kie.ai callbacks */
  PUBLIC_URL: httpUrl(),
})

/** Webhook mode requires the public URL and a strong secret; polling needs neither. */
export const telegramUpdates = piece(
  {
    BOT_MODE: z.enum(['webhook', 'polling']).default('webhook'),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(WEBHOOK_SECRET_PATTERN, 'must be 16-256 characters of A-Z a-z 0-9 _ -')
      .optional(),
    PUBLIC_URL: httpUrl().optional(),
  },
  (env: Env): ConfigProblem[] => {
    if ((env.BOT_MODE ?? 'webhook') !== 'webhook') return []
    const problems: ConfigProblem[] = []
    if (!env.TELEGRAM_WEBHOOK_SECRET) problems.push({ variable: 'TELEGRAM_WEBHOOK_SECRET', problem: 'missing (required when BOT_MODE=webhook)' })
    if (!env.PUBLIC_URL) problems.push({ variable: 'PUBLIC_URL', problem: 'missing (required when BOT_MODE=webhook)' })
    return problems
  },
)

export const kie = piece({
  KIE_API_KEY: secret(),
  KIE_BASE_URL: httpUrl().default('https://api.kie.ai'),
  KIE_UPLOAD_BASE_URL: httpUrl().default('https://kieai.redpandaai.co'),
  /** Kie account's webhookHmacKey; when set, callbacks without a valid signature are refused */
  KIE_WEBHOOK_HMAC_KEY: secret().optional(),
  /** our secret for the per-generation token in callback URLs */
  KIE_CALLBACK_SECRET: secret(16),
})

export const admins = piece({
  ADMIN_IDS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be comma-separated Telegram user ids')
    .default('')
    .transform((s) => (s.trim() === '' ? [] : s.split(',').map((id) => BigInt(id.trim())))),
})

export const pricing = piece(
  {
    PRICING_MARKUP: positiveNumber().default(2.0),
    /** used only when neither the CBR nor a stored rate is available */
    FX_DEFAULT_RUB_PER_USD: positiveNumber().optional(),
    FX_MIN: positiveNumber().default(50),
    FX_MAX: positiveNumber().default(200),
    FX_CBR_JSON_URL: httpUrl().default('https://www.cbr-xml-daily.ru/daily_json.js'),
    FX_CBR_XML_URL: httpUrl().default('https://www.cbr.ru/scripts/XML_daily.asp'),
    FX_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  },
  (env) => {
    const min = Number(env.FX_MIN ?? 50)
    const max = Number(env.FX_MAX ?? 200)
    const problems: ConfigProblem[] = []
    if (Number.isFinite(min) && Number.isFinite(max) && min >= max) problems.push({ variable: 'FX_MIN', problem: 'must be below FX_MAX' })
    const fallback = env.FX_DEFAULT_RUB_PER_USD === undefined ? undefined : Number(env.FX_DEFAULT_RUB_PER_USD)
    if (fallback !== undefined && Number.isFinite(fallback) && (fallback < min || fallback > max))
      problems.push({ variable: 'FX_DEFAULT_RUB_PER_USD', problem: `must be within FX_MIN..FX_MAX (${min}..${max})` })
    return problems
  },
)

const csvOfPositiveInts = (message: string) =>
  z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, message)
    .transform((s) => s.split(',').map((n) => Number(n.trim())))
    .refine((list) => list.every((n) => n > 0), message)

/** Top-up packs, bonuses, referral terms and per-user limits. */
export const commerce = piece({
  /** Stars packs offered by /topup */
  TOPUP_PACKS: csvOfPositiveInts('must be comma-separated positive numbers of Stars').default([50, 100, 250, 500, 1000]),
  /** rubles credited per Star */
  STARS_RUB_RATE: positiveNumber().default(1.2),
  /** credited once to every new user (0 = none) */
  WELCOME_BONUS_KOPECKS: z.coerce.number().int().min(0).default(0),
  /** percent of a referee's top-ups credited to the referrer (0 = no referral program) */
  REFERRAL_PERCENT: z.coerce.number().min(0).max(100).default(5),
  /** for how long after joining a referee's top-ups reward the referrer */
  REFERRAL_DAYS: z.coerce.number().int().positive().default(30),
  /** generations one user may have queued or running at once */
  MAX_ACTIVE_GENERATIONS: z.coerce.number().int().positive().default(2),
  /** updates one user may send per minute before the bot asks them to slow down */
  USER_UPDATES_PER_MINUTE: z.coerce.number().int().positive().default(40),
  /** shown by /paysupport (e.g. @your_support); without it payment questions go to the admins */
  SUPPORT_CONTACT: z.string().min(1).optional(),
})

export const gatewayHttp = piece({
  GATEWAY_PORT: port(3000),
  /** basic auth for the BullMQ dashboard at /admin/queues; the dashboard is off without them */
  ADMIN_DASHBOARD_USER: z.string().min(1).optional(),
  ADMIN_DASHBOARD_PASSWORD: secret(12).optional(),
})

export const workerHttp = piece({
  WORKER_PORT: port(3001),
})
