import { z } from 'zod'
import { piece, type ConfigProblem, type Env } from './env'

// Shared pieces of configuration. Each app's schema (./apps.ts) is a list of them.
// No secret has a default.

const secret = (minLength = 1) => z.string().min(minLength, `must be at least ${minLength} characters`)
const httpUrl = () =>
  z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''))
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback)
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1')
const positiveNumber = () => z.coerce.number({ error: 'must be a number' }).positive('must be > 0')

/** `kb`, or `{kb}`: a Redis Cluster hash tag (all our keys in one slot) */
export const QUEUE_PREFIX_PATTERN = /^(?:[A-Za-z0-9_-]{1,100}|\{[A-Za-z0-9_-]{1,100}\})$/
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

export const redis = piece(
  {
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
    /** REDIS_URL is one node of a Redis Cluster (the others are discovered); QUEUE_PREFIX must be a hash tag */
    REDIS_CLUSTER: flag(false),
    /** BullMQ key prefix; queues of different deployments sharing a Redis must differ */
    /**
     * BullMQ key prefix and the prefix of every Redis key of ours; queues of different deployments
     * sharing a Redis must differ. Redis Cluster: wrap it in braces (`{kb}`), a hash tag, so that
     * every key of every queue lands in one slot (BullMQ's Lua scripts touch several keys at once)
     */
    QUEUE_PREFIX: z
      .string()
      .regex(QUEUE_PREFIX_PATTERN, 'must be A-Z a-z 0-9 _ - (up to 100), optionally in braces as a hash tag: {kb}')
      .default('kb'),
  },
  (env: Env): ConfigProblem[] =>
    (env.REDIS_CLUSTER === 'true' || env.REDIS_CLUSTER === '1') && !/^\{.+\}$/.test(env.QUEUE_PREFIX ?? '')
      ? [{ variable: 'QUEUE_PREFIX', problem: 'must be a hash tag in braces (e.g. {kb}) when REDIS_CLUSTER=true' }]
      : [],
)

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
    if (!env.TELEGRAM_WEBHOOK_SECRET)
      problems.push({ variable: 'TELEGRAM_WEBHOOK_SECRET', problem: 'missing (required when BOT_MODE=webhook)' })
    if (!env.PUBLIC_URL) problems.push({ variable: 'PUBLIC_URL', problem: 'missing (required when BOT_MODE=webhook)' })
    return problems
  },
)

/** A key's label: short, lower-case, safe in logs, metrics, Redis keys and the row. */
export const KIE_KEY_LABEL_PATTERN = /^[a-z0-9_-]{1,16}$/
const LABEL_RULE = '1-16 characters of a-z 0-9 _ -'

/** One Kie account of the key pool: a non-secret label (logs, metrics, alerts, the row) and its secret key. */
export interface KieKey {
  label: string
  key: string
}

/** `label=value`, split at the first `=` only when what stands before it is a label; otherwise no label. */
function splitLabelled(entry: string): { label: string | null; value: string } {
  const at = entry.indexOf('=')
  if (at !== -1) {
    const label = entry.slice(0, at).trim()
    if (KIE_KEY_LABEL_PATTERN.test(label)) return { label, value: entry.slice(at + 1).trim() }
  }
  return { label: null, value: entry }
}

function entriesOf(raw: string): string[] {
  return raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
}

/**
 * KIE_API_KEYS: `label=key,label=key`, or one key alone (label `k1`). With several keys every
 * one needs its label: the row stores the label of the key that created its task, so a label
 * must stay with its key when keys are added, removed or reordered (a position would not).
 * Problems never quote a value: every entry is a secret.
 */
function parseKieKeys(raw: string): { keys: KieKey[]; problem: string | null } {
  const entries = entriesOf(raw).map(splitLabelled)
  if (entries.length === 0) return { keys: [], problem: 'must list at least one key' }
  if (entries.length > 1 && entries.some((e) => e.label === null))
    return {
      keys: [],
      problem: `with several keys every entry must be label=key (labels: ${LABEL_RULE}); label the key you had alone k1`,
    }
  const keys = entries.map((e) => ({ label: e.label ?? 'k1', key: e.value }))
  if (keys.some((k) => k.key === '' || /\s/.test(k.key))) return { keys, problem: 'every key must be non-empty' }
  if (new Set(keys.map((k) => k.label)).size !== keys.length) return { keys, problem: 'labels must be unique' }
  if (new Set(keys.map((k) => k.key)).size !== keys.length) return { keys, problem: 'keys must be unique' }
  return { keys, problem: null }
}

/** KIE_WEBHOOK_HMAC_KEYS: `label=hmacKey,...`, one per key of the pool, by the pool's labels. */
function parseHmacKeys(raw: string): { keys: KieKey[]; problem: string | null } {
  const entries = entriesOf(raw).map(splitLabelled)
  if (entries.length === 0) return { keys: [], problem: 'must list at least one label=key' }
  if (entries.some((e) => e.label === null))
    return { keys: [], problem: `every entry must be label=key, by the labels of KIE_API_KEYS (${LABEL_RULE})` }
  const keys = entries.map((e) => ({ label: e.label!, key: e.value }))
  if (keys.some((k) => k.key === '' || /\s/.test(k.key))) return { keys, problem: 'every key must be non-empty' }
  if (new Set(keys.map((k) => k.label)).size !== keys.length) return { keys, problem: 'labels must be unique' }
  return { keys, problem: null }
}

/** The labels of the pool the environment configures (KIE_API_KEYS, or KIE_API_KEY as k1); [] when invalid. */
function poolLabelsOf(env: Env): string[] {
  if (env.KIE_API_KEYS !== undefined) {
    const { keys, problem } = parseKieKeys(env.KIE_API_KEYS)
    return problem ? [] : keys.map((k) => k.label)
  }
  return env.KIE_API_KEY !== undefined ? ['k1'] : []
}

export const kie = piece(
  {
    /** one Kie account (a pool of one, labelled k1); KIE_API_KEYS for several */
    KIE_API_KEY: secret().optional(),
    /** the key pool: `label=key,label=key` (one Kie account each), or one key alone (label k1) */
    KIE_API_KEYS: z
      .string()
      .transform((raw, ctx) => {
        const { keys, problem } = parseKieKeys(raw)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
        return keys
      })
      .optional(),
    KIE_BASE_URL: httpUrl().default('https://api.kie.ai'),
    KIE_UPLOAD_BASE_URL: httpUrl().default('https://kieai.redpandaai.co'),
    /** the Kie account's webhookHmacKey (a pool of one); when set, callbacks without a valid signature are refused */
    KIE_WEBHOOK_HMAC_KEY: secret().optional(),
    /** every account's webhookHmacKey by the pool's labels: `label=hmacKey,...` (each Kie account has its own) */
    KIE_WEBHOOK_HMAC_KEYS: z
      .string()
      .transform((raw, ctx) => {
        const { keys, problem } = parseHmacKeys(raw)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
        return keys
      })
      .optional(),
    /** our secret for the per-generation token in callback URLs */
    KIE_CALLBACK_SECRET: secret(16),
  },
  (env: Env): ConfigProblem[] => {
    if (env.KIE_API_KEYS === undefined && env.KIE_API_KEY === undefined)
      return [{ variable: 'KIE_API_KEY', problem: 'missing (or list several in KIE_API_KEYS)' }]
    if (env.KIE_API_KEYS !== undefined && env.KIE_API_KEY !== undefined) {
      const { keys } = parseKieKeys(env.KIE_API_KEYS)
      if (!keys.some((k) => k.key === env.KIE_API_KEY))
        return [{ variable: 'KIE_API_KEY', problem: 'must be one of KIE_API_KEYS when both are set' }]
    }
    const labels = poolLabelsOf(env)
    if (env.KIE_WEBHOOK_HMAC_KEY !== undefined && env.KIE_WEBHOOK_HMAC_KEYS !== undefined)
      return [
        { variable: 'KIE_WEBHOOK_HMAC_KEY', problem: 'set KIE_WEBHOOK_HMAC_KEYS or KIE_WEBHOOK_HMAC_KEY, not both' },
      ]
    if (env.KIE_WEBHOOK_HMAC_KEY !== undefined && labels.length > 1)
      return [
        {
          variable: 'KIE_WEBHOOK_HMAC_KEY',
          problem:
            'each Kie account signs with its own key: with several keys set KIE_WEBHOOK_HMAC_KEYS (label=key for each)',
        },
      ]
    if (env.KIE_WEBHOOK_HMAC_KEYS !== undefined && labels.length > 0) {
      const { keys, problem } = parseHmacKeys(env.KIE_WEBHOOK_HMAC_KEYS)
      if (problem) return []
      const named = new Set(keys.map((k) => k.label))
      if (keys.some((k) => !labels.includes(k.label)))
        return [{ variable: 'KIE_WEBHOOK_HMAC_KEYS', problem: 'names a label that is not in the Kie key pool' }]
      if (labels.some((l) => !named.has(l)))
        return [{ variable: 'KIE_WEBHOOK_HMAC_KEYS', problem: 'must give a key for every label of the Kie key pool' }]
    }
    return []
  },
)

/** The Kie key pool of a parsed configuration: KIE_API_KEYS, or KIE_API_KEY as a pool of one (k1). */
export function kieKeyPool(config: {
  KIE_API_KEY?: string | undefined
  KIE_API_KEYS?: KieKey[] | undefined
}): KieKey[] {
  if (config.KIE_API_KEYS && config.KIE_API_KEYS.length > 0) return config.KIE_API_KEYS
  if (config.KIE_API_KEY) return [{ label: 'k1', key: config.KIE_API_KEY }]
  throw new Error('no Kie API key configured')
}

/**
 * Each Kie account's webhook HMAC key, by the pool's labels (KIE_WEBHOOK_HMAC_KEYS, or
 * KIE_WEBHOOK_HMAC_KEY for a pool of one); [] when callbacks are not signed.
 */
export function kieWebhookHmacKeys(config: {
  KIE_API_KEY?: string | undefined
  KIE_API_KEYS?: KieKey[] | undefined
  KIE_WEBHOOK_HMAC_KEY?: string | undefined
  KIE_WEBHOOK_HMAC_KEYS?: KieKey[] | undefined
}): KieKey[] {
  if (config.KIE_WEBHOOK_HMAC_KEYS && config.KIE_WEBHOOK_HMAC_KEYS.length > 0) return config.KIE_WEBHOOK_HMAC_KEYS
  if (config.KIE_WEBHOOK_HMAC_KEY) return [{ label: kieKeyPool(config)[0]!.label, key: config.KIE_WEBHOOK_HMAC_KEY }]
  return []
}

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
    if (Number.isFinite(min) && Number.isFinite(max) && min >= max)
      problems.push({ variable: 'FX_MIN', problem: 'must be below FX_MAX' })
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
  TOPUP_PACKS: csvOfPositiveInts('must be comma-separated positive numbers of Stars').default([
    50, 100, 250, 500, 1000,
  ]),
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
  /** internal port of /healthz, /readyz and /metrics (never publish it) */
  GATEWAY_OPS_PORT: port(3002),
  /** basic auth for the BullMQ dashboard at /admin/queues; the dashboard is off without them */
  ADMIN_DASHBOARD_USER: z.string().min(1).optional(),
  ADMIN_DASHBOARD_PASSWORD: secret(12).optional(),
  /** the dashboard is read-only unless this is true (adding, retrying or removing jobs) */
  ADMIN_DASHBOARD_WRITABLE: flag(false),
})

/** The Mini App (the gallery): where Telegram opens it, how old a signed initData may be. */
export const miniApp = piece({
  /** public https URL of the Mini App (the gateway's /app/); default: PUBLIC_URL + /app/; without either it is off */
  WEBAPP_URL: httpUrl().optional(),
  /** seconds an initData stays valid after its auth_date */
  WEBAPP_AUTH_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(86_400),
  /** the WebApp script the app's page loads (Telegram's; the sandbox serves its stand-in) */
  WEBAPP_SCRIPT_URL: httpUrl().default('https://telegram.org/js/telegram-web-app.js'),
  /**
   * let the app's buttons and the chat's menu button use an http:// address (Telegram refuses
   * web_app buttons that are not https; the sandbox's emulator accepts them): the sandbox only
   */
  WEBAPP_ALLOW_HTTP: flag(false),
  /** megabytes of small result files the gateway keeps in memory for the app (0 = none) */
  WEBAPP_MEDIA_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
})

export const workerHttp = piece({
  /** internal port of the worker's /healthz, /readyz and /metrics (never publish it) */
  WORKER_PORT: port(3001),
})

const ms = (fallback: number) =>
  z.coerce.number({ error: 'must be a number of milliseconds' }).int().positive('must be > 0').default(fallback)
const count = (fallback: number) =>
  z.coerce.number({ error: 'must be a whole number' }).int().positive('must be > 0').default(fallback)
const WORKER_QUEUE_NAMES = ['generation', 'telegram', 'scheduled'] as const

/** The worker: which queues a process runs, concurrency, Kie and Telegram pacing, schedules. */
export const worker = piece({
  /** queues this process runs (comma-separated): generation, telegram, scheduled */
  WORKER_QUEUES: z
    .string()
    .default(WORKER_QUEUE_NAMES.join(','))
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((q) => q.trim())
          .filter((q) => q !== ''),
      ),
    ])
    .refine(
      (list) => list.length > 0 && list.every((q) => (WORKER_QUEUE_NAMES as readonly string[]).includes(q)),
      'must be a comma-separated list of generation, telegram, scheduled',
    )
    .transform((list) => list as (typeof WORKER_QUEUE_NAMES)[number][]),
  WORKER_GENERATION_CONCURRENCY: count(20),
  /** a result job holds its slot about a second (its "what next" message waits out the chat's spacing in place): 28 sends/s need more than 14 */
  WORKER_TELEGRAM_CONCURRENCY: count(30),
  /** BullMQ job lock; a crashed worker's job is taken over after about this long */
  WORKER_LOCK_MS: ms(10_000),
  /** SIGTERM: stop taking jobs, wait for running ones, exit within this */
  WORKER_SHUTDOWN_MS: ms(8000),
  /** Kie account limit on new tasks, shared by every worker */
  KIE_CREATE_LIMIT: count(20),
  KIE_CREATE_WINDOW_MS: ms(10_000),
  KIE_TIMEOUT_MS: ms(30_000),
  /** a create without an answer in this time is "outcome unknown" (never re-sent) */
  KIE_CREATE_TIMEOUT_MS: ms(30_000),
  /** polling back-off: from this... */
  KIE_POLL_MIN_MS: ms(3000),
  /** ...growing to this */
  KIE_POLL_MAX_MS: ms(30_000),
  /**
   * status requests per second for the whole cluster (Kie allows 10 per key): with many
   * tasks waiting, each is polled less often (callbacks still wake it at once)
   */
  KIE_POLLS_PER_SECOND: z.coerce.number().positive().default(8),
  /** how long a create with an unknown outcome waits for Kie's callback before it is refunded */
  KIE_SUBMIT_GRACE_MS: ms(600_000),
  /** admins are alerted when the Kie balance falls below this many credits */
  KIE_CREDITS_ALERT_BELOW: z.coerce.number().min(0).default(1000),
  /** the worker's Telegram sends in any second, over every worker (Telegram allows about 30: 2 left for the gateway) */
  TELEGRAM_SENDS_PER_SECOND: count(28),
  /** spacing of sends to one chat */
  TELEGRAM_CHAT_INTERVAL_MS: ms(1000),
  /** at most one edit of a status message this often */
  STATUS_EDIT_INTERVAL_MS: ms(3000),
  /** the status message's clock: an edit this often while a generation is live (slower when many are: half the send budget) */
  STATUS_TICK_MS: ms(5000),
  TELEGRAM_TIMEOUT_MS: ms(60_000),
  SCHEDULE_FX_MS: ms(3_600_000),
  SCHEDULE_KIE_CREDITS_MS: ms(300_000),
  SCHEDULE_SWEEPER_MS: ms(60_000),
  SCHEDULE_RECONCILIATION_MS: ms(3_600_000),
  SCHEDULE_RETENTION_MS: ms(3_600_000),
  /** Kie catalog sync (models, prices, schemas): daily; 0 = never by schedule (the admin panel can still run it) */
  SCHEDULE_CATALOG_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int()
    .min(0, 'must be >= 0')
    .default(86_400_000),
  /** spacing of the sync's catalog calls (Kie allows about 1 request/s per account for all four endpoints) */
  KIE_CATALOG_INTERVAL_MS: ms(1_100),
  /** finished jobs older than this are removed from Redis */
  JOB_RETENTION_HOURS: count(72),
})

/** Where results may come from: the worker downloads them, the Mini App redirects to their links. */
export const resultUrls = piece({
  /**
   * hosts the worker downloads results from (each with its subdomains), redirects included;
   * a result elsewhere goes to the user as a link
   */
  RESULT_URL_HOSTS: z
    .string()
    .default('aiquickdraw.com,redpandaai.co,kie.ai')
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    )
    .refine(
      (list) => list.length > 0 && list.every((h) => /^[a-z0-9.-]+$|^[0-9a-f:]+$/.test(h)),
      'must be comma-separated host names',
    ),
  /** let result downloads reach loopback and private addresses (the local sandbox only) */
  RESULT_URL_ALLOW_PRIVATE: flag(false),
})
