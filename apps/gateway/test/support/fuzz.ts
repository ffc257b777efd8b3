// Hostile input for the gateway's edges: real-shaped Telegram updates and Kie callbacks,
// mutated at random (fixed seed) and structurally (truncated, oversized, wrong types, NUL
// characters, missing parts). Shared by the malformed-input test and bench/fuzz.bench.ts.

export type Random = () => number

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(rng: Random, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!

/** Values of the wrong type or out of range for whatever field they replace. */
function hostileValue(rng: Random): unknown {
  return pick(rng, [
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0.5,
    2 ** 53 + 2,
    1e21,
    '',
    '0',
    '123456789',
    'null',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '<b>bold</b><script>x</script>',
    '👍'.repeat(50),
    'x'.repeat(5000),
    'y'.repeat(70_000),
    [],
    [1, 'two', null],
    {},
    { nested: { deeper: [{}] } },
    JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  ])
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function paths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (value === null || typeof value !== 'object') return out
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key]
    out.push(path)
    paths(child, path, out)
  }
  return out
}

function parentOf(
  root: Record<string, unknown>,
  path: (string | number)[],
): [Record<string, unknown>, string | number] {
  let node = root as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  return [node as Record<string, unknown>, path[path.length - 1]!]
}

/** One random mutation in place: remove, retype, truncate, NUL, enlarge, add a field, rename. */
function mutateOnce(rng: Random, root: Record<string, unknown>): void {
  const all = paths(root).filter((p) => p[0] !== 'update_id')
  if (all.length === 0) return
  const path = pick(rng, all)
  const [parent, key] = parentOf(root, path)
  const current = (parent as Record<string | number, unknown>)[key]
  const op = rng()
  if (op < 0.2) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1)
    else delete parent[key as string]
  } else if (op < 0.55) {
    ;(parent as Record<string | number, unknown>)[key] = hostileValue(rng)
  } else if (op < 0.7 && typeof current === 'string') {
    ;(parent as Record<string | number, unknown>)[key] = current.slice(0, Math.floor(rng() * current.length))
  } else if (op < 0.8 && typeof current === 'string') {
    const at = Math.floor(rng() * (current.length + 1))
    ;(parent as Record<string | number, unknown>)[key] = `${current.slice(0, at)}\u0000${current.slice(at)}`
  } else if (op < 0.85 && typeof current === 'string') {
    ;(parent as Record<string | number, unknown>)[key] = current.repeat(2000).slice(0, 40_000)
  } else if (op < 0.92 && !Array.isArray(parent)) {
    parent[pick(rng, ['extra', 'from', 'chat', 'text', 'reply_to_message', 'entities', 'data', 'photo'])] =
      hostileValue(rng)
  } else if (!Array.isArray(parent) && path.length === 1) {
    // the update type itself: a kind the bot did not ask for, or a second kind
    const kind = pick(rng, ['edited_message', 'channel_post', 'inline_query', 'poll', 'message', 'callback_query'])
    if (rng() < 0.5) delete parent[key as string]
    parent[kind] = current
  } else {
    ;(parent as Record<string | number, unknown>)[key] = hostileValue(rng)
  }
}

export interface FuzzCase {
  /** the raw request body */
  body: string
  /** what was done, for a report */
  kind: 'mutated' | 'nul-text' | 'truncated-json' | 'not-json' | 'oversized' | 'wrong-top-level'
}

/**
 * Real-shaped updates of the kinds the bot handles, from `user` (an existing chat).
 * Payments are left out: a pre-checkout query or a payment only Telegram can make (the
 * emulator refuses answers to queries it never sent, and a payment without an order
 * alerts the admins, as it must); their shapes have their own cases in the test.
 */
export function realUpdates(
  user: number,
  updateId: number,
  now = Math.floor(Date.now() / 1000),
): Record<string, unknown>[] {
  const from = {
    id: user,
    is_bot: false,
    first_name: 'Fuzz',
    last_name: 'Tester',
    username: 'fuzz_tester',
    language_code: 'en',
  }
  const chat = { id: user, type: 'private', first_name: 'Fuzz', username: 'fuzz_tester' }
  const message = (fields: Record<string, unknown>) => ({
    update_id: updateId,
    message: { message_id: (updateId % 1_000_000) + 1, date: now, chat, from, ...fields },
  })
  return [
    message({ text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] }),
    message({ text: '/gen nano-banana a fox in the snow', entities: [{ type: 'bot_command', offset: 0, length: 4 }] }),
    message({ text: '/balance', entities: [{ type: 'bot_command', offset: 0, length: 8 }] }),
    message({ text: 'a red fox in the snow, watercolor' }),
    message({
      photo: [
        { file_id: 'AgACAgIAAxkBAAIB', file_unique_id: 'AQAD', file_size: 1200, width: 90, height: 60 },
        { file_id: 'AgACAgIAAxkBAAIC', file_unique_id: 'AQAE', file_size: 52_000, width: 1280, height: 853 },
      ],
      caption: 'make it blue',
    }),
    message({
      document: {
        file_id: 'BQACAgIAAxkBAAID',
        file_unique_id: 'AgAD',
        file_name: 'x.png',
        mime_type: 'image/png',
        file_size: 4096,
      },
    }),
    message({
      voice: {
        file_id: 'AwACAgIAAxkBAAIE',
        file_unique_id: 'AgAE',
        duration: 3,
        mime_type: 'audio/ogg',
        file_size: 9000,
      },
    }),
    {
      update_id: updateId,
      callback_query: {
        id: `cq-${updateId}`,
        from,
        chat_instance: '-123456789',
        data: 'menu',
        message: { message_id: 1, date: now, chat, from: { id: 1, is_bot: true, first_name: 'Bot' }, text: 'Menu' },
      },
    },
    {
      update_id: updateId,
      callback_query: {
        id: `cq-${updateId}`,
        from,
        chat_instance: '-123456789',
        data: 'bal',
        message: { message_id: 1, date: now, chat, text: 'Menu' },
      },
    },
  ]
}

/** One hostile webhook body for `user`, with a fresh update id. */
export function fuzzUpdate(rng: Random, user: number, updateId: number): FuzzCase {
  const base = structuredClone(pick(rng, realUpdates(user, updateId))) as Record<string, unknown>
  const roll = rng()
  if (roll < 0.05) return { kind: 'truncated-json', body: JSON.stringify(base).slice(0, 1 + Math.floor(rng() * 200)) }
  if (roll < 0.08)
    return {
      kind: 'not-json',
      body: pick(rng, ['', 'null', '<html>', '\u0000\u0001\u0002', 'update_id=1', '{"update_id":1,}']),
    }
  if (roll < 0.1)
    return {
      kind: 'wrong-top-level',
      body: JSON.stringify(
        pick(rng, [
          [base],
          42,
          'update',
          { update_id: updateId },
          { update_id: String(updateId), message: base.message },
        ]),
      ),
    }
  if (roll < 0.12) return { kind: 'oversized', body: JSON.stringify({ ...base, padding: 'z'.repeat(300_000) }) }
  if (roll < 0.22) {
    const inner = (base.message ?? base.callback_query) as Record<string, unknown>
    if ('text' in inner) inner.text = `${String(inner.text)}\u0000 and more\u0000`
    ;(inner.from as Record<string, unknown>).first_name = 'Nul\u0000Name'
    return { kind: 'nul-text', body: JSON.stringify(base) }
  }
  const mutations = 1 + Math.floor(rng() * 3)
  for (let i = 0; i < mutations; i++) mutateOnce(rng, base)
  base.update_id = updateId
  return { kind: 'mutated', body: JSON.stringify(base as Json) }
}

/** A Kie callback body (real shape of a task's final callback), mutated like the updates. */
export function fuzzKieCallback(rng: Random, taskId: string): FuzzCase {
  const base: Record<string, unknown> = {
    code: 200,
    msg: 'Playground task completed successfully.',
    data: {
      taskId,
      state: 'success',
      model: 'google/nano-banana',
      resultJson: JSON.stringify({ resultUrls: ['https://tempfile.aiquickdraw.com/x.png'] }),
      costTime: 12,
      completeTime: Date.now(),
      createTime: Date.now() - 12_000,
      info: { resultUrls: ['https://tempfile.aiquickdraw.com/x.png'] },
    },
  }
  const roll = rng()
  if (roll < 0.08) return { kind: 'truncated-json', body: JSON.stringify(base).slice(0, 1 + Math.floor(rng() * 120)) }
  if (roll < 0.12) return { kind: 'not-json', body: pick(rng, ['', 'null', '<xml/>', '\u0000']) }
  if (roll < 0.14) return { kind: 'oversized', body: JSON.stringify({ ...base, padding: 'z'.repeat(1_100_000) }) }
  const mutations = 1 + Math.floor(rng() * 3)
  for (let i = 0; i < mutations; i++) mutateOnce(rng, base)
  return { kind: 'mutated', body: JSON.stringify(base) }
}
