import {
  creditRange,
  credits,
  getModel,
  InvalidParamsError,
  listModels,
  priceExtremes,
  type Params,
} from '@kiebot/models'
import { roundCredits } from '../src/pricing'
import { exampleParams } from '../src/examples'
import { catalogEntry } from './kie-catalog'

/**
 * Every per-mode credit value in data/kie-models.json must come out of the registry's price
 * functions. Expectations are read from the catalog; a case only says which params select a
 * mode and how many billing units (seconds, thousands of characters, images) it bills.
 */

interface PriceCase {
  slug: string
  /** Catalog priceCredits key; null when priceCredits is a single number. */
  mode: string | null
  params?: Params
  /** Expected credits = catalog value × units (per-second, per-1000-characters, per-image prices). */
  units?: number
}

const text = (characters: number) => 'a'.repeat(characters)
const modes = (slug: string, table: Record<string, Params>, units?: (params: Params) => number): PriceCase[] =>
  Object.entries(table).map(([mode, params]) => ({ slug, mode, params, ...(units ? { units: units(params) } : {}) }))
const seconds = (key: string) => (params: Params) => Number(params[key])

const CASES: PriceCase[] = [
  ...['nano-banana-pro', 'nano-banana-2'].flatMap((slug) =>
    modes(slug, { '1K': { resolution: '1K' }, '2K': { resolution: '2K' }, '4K': { resolution: '4K' } }),
  ),
  ...['flux-2-pro', 'flux-2-pro-edit'].flatMap((slug) =>
    modes(slug, { '1K': { resolution: '1K' }, '2K': { resolution: '2K' } }),
  ),
  ...['flux-2-flex', 'flux-2-flex-edit'].flatMap((slug) =>
    modes(slug, { '1.0s-1K': { resolution: '1K' }, '1.0s-2K': { resolution: '2K' } }),
  ),
  ...['gpt-image-1-5', 'gpt-image-1-5-edit'].flatMap((slug) =>
    modes(slug, { medium: { quality: 'medium' }, high: { quality: 'high' } }),
  ),
  ...modes('gpt-image-2', { '1K': { resolution: '1K' }, '2K': { resolution: '2K' }, '4K': { resolution: '4K' } }),
  ...modes('ideogram-3', {
    TURBO: { rendering_speed: 'TURBO' },
    BALANCED: { rendering_speed: 'BALANCED' },
    QUALITY: { rendering_speed: 'QUALITY' },
  }),
  ...modes('ideogram-character', {
    TURBO: { rendering_speed: 'TURBO', num_images: '1' },
    BALANCED: { rendering_speed: 'BALANCED', num_images: '1' },
    QUALITY: { rendering_speed: 'QUALITY', num_images: '1' },
  }),
  { slug: 'ideogram-character', mode: 'QUALITY', params: { rendering_speed: 'QUALITY', num_images: '4' }, units: 4 },
  { slug: 'qwen-image', mode: null, params: { image_size: 'square_hd' } },
  { slug: 'qwen-image', mode: null, params: { image_size: 'landscape_16_9' } },
  { slug: 'qwen-image-edit', mode: null, params: { image_size: 'square_hd', num_images: '1' } },
  { slug: 'qwen-image-edit', mode: null, params: { image_size: 'portrait_4_3', num_images: '3' }, units: 3 },
  { slug: 'grok-image', mode: null, params: { enable_pro: false } },
  { slug: 'gpt-4o-image', mode: null, params: { nVariants: 1 } },
  { slug: 'gpt-4o-image', mode: null, params: { nVariants: 4 }, units: 4 },
  { slug: 'flux-kontext-pro', mode: 'pro' },
  // Late-2026 additions: edits and image-to-video at their sibling's per-mode price; Veo extend by source tier.
  ...modes('gpt-image-2-edit', { '1K': { resolution: '1K' }, '2K': { resolution: '2K' }, '4K': { resolution: '4K' } }),
  ...['kling-2-1-master-i2v'].flatMap((slug) => modes(slug, { '5s': { duration: '5' }, '10s': { duration: '10' } })),
  ...modes('hailuo-02-i2v', { '6s': { duration: '6' }, '10s': { duration: '10', resolution: '512P' } }),
  { slug: 'veo-3-1-fast-extend', mode: 'veo3_fast' },
  { slug: 'veo-3-1-extend', mode: 'veo3' },
  { slug: 'veo-3-1-lite-extend', mode: 'veo3_lite' },
  ...modes('seedream-5-pro', { basic: { quality: 'basic' }, high: { quality: 'high' } }),
  // Midjourney: per task (4 images, or one clip), by speed.
  ...['midjourney', 'midjourney-i2i'].flatMap((slug) =>
    modes(slug, { fast: { speed: 'fast' }, turbo: { speed: 'turbo' } }),
  ),
  ...modes('midjourney-video', { 'mj_video fast': { speed: 'fast' }, 'mj_video turbo': { speed: 'turbo' } }),
  { slug: 'flux-kontext-max', mode: 'max' },
  // Output long side = input long side × factor: 1024 px ×2 = 2K, ×4 = 4K, ×8 = 8K.
  ...modes('topaz-image-upscale', {
    '2K': { upscale_factor: '2', image_long_side: 1024 },
    '4K': { upscale_factor: '4', image_long_side: 1024 },
    '8K': { upscale_factor: '8', image_long_side: 1024 },
  }),
  ...['veo-3-1-fast', 'veo-3-1', 'veo-3-1-lite'].flatMap((slug) => {
    const model = getModel(slug)!.kieModel
    return modes(slug, {
      [`${model} 720p`]: { resolution: '720p' },
      [`${model} 1080p`]: { resolution: '1080p' },
      [`${model} 4K`]: { resolution: '4k' },
    })
  }),
  ...modes('runway-gen4-turbo', {
    '5s-720p': { duration: 5, quality: '720p' },
    '10s-720p': { duration: 10, quality: '720p' },
    '5s-1080p': { duration: 5, quality: '1080p' },
  }),
  ...['kling-2-6', 'kling-2-6-i2v'].flatMap((slug) =>
    modes(slug, {
      '5s': { duration: '5', sound: false },
      '5s+sound': { duration: '5', sound: true },
      '10s': { duration: '10', sound: false },
      '10s+sound': { duration: '10', sound: true },
    }),
  ),
  ...modes(
    'kling-3',
    {
      'std(720p)/s': { mode: 'std', sound: false, duration: '5' },
      'std+sound/s': { mode: 'std', sound: true, duration: '10' },
      'pro(1080p)/s': { mode: 'pro', sound: false, duration: '3' },
      'pro+sound/s': { mode: 'pro', sound: true, duration: '15' },
      '4K/s': { mode: '4K', sound: false, duration: '8' },
    },
    seconds('duration'),
  ),
  ...['kling-2-5-turbo', 'kling-2-5-turbo-i2v', 'kling-2-1-master'].flatMap((slug) =>
    modes(slug, { '5s': { duration: '5' }, '10s': { duration: '10' } }),
  ),
  // Kling avatars: per output second (the speech's length).
  { slug: 'kling-avatar', mode: null, params: { audio_seconds: 1 } },
  { slug: 'kling-avatar', mode: null, params: { audio_seconds: 14.2 }, units: 15 },
  { slug: 'kling-avatar-pro', mode: null, params: { audio_seconds: 12 }, units: 12 },
  // Seedream v4: per requested image.
  { slug: 'seedream-4', mode: null, params: { max_images: 1 } },
  { slug: 'seedream-4-edit', mode: null, params: { max_images: 6 }, units: 6 },
  ...modes('sora-2', { '10s': { n_frames: '10' }, '15s': { n_frames: '15' } }),
  ...modes('sora-2-i2v', { '10s': { n_frames: '10' }, '15s': { n_frames: '15' } }),
  ...modes('sora-2-pro', { 'standard/s': { size: 'standard', n_frames: '15' } }, seconds('n_frames')),
  { slug: 'sora-watermark-remover', mode: 'default' },
  ...modes(
    'topaz-video-upscale',
    { '1x/2x per s': { upscale_factor: '1', video_seconds: 10 } },
    seconds('video_seconds'),
  ),
  ...modes(
    'topaz-video-upscale',
    { '1x/2x per s': { upscale_factor: '2', video_seconds: 45 } },
    seconds('video_seconds'),
  ),
  ...modes('topaz-video-upscale', { '4x per s': { upscale_factor: '4', video_seconds: 60 } }, seconds('video_seconds')),
  ...modes(
    'infinitalk',
    { '480p/s': { resolution: '480p', audio_seconds: 15 }, '720p/s': { resolution: '720p', audio_seconds: 7 } },
    seconds('audio_seconds'),
  ),
  ...modes(
    'seedance-1-5-pro',
    {
      '480p/s': { resolution: '480p', generate_audio: false, duration: 4 },
      '480p+audio/s': { resolution: '480p', generate_audio: true, duration: 5 },
      '720p/s': { resolution: '720p', generate_audio: false, duration: 8 },
      '720p+audio/s': { resolution: '720p', generate_audio: true, duration: 10 },
      '1080p/s': { resolution: '1080p', generate_audio: false, duration: 11 },
      '1080p+audio/s': { resolution: '1080p', generate_audio: true, duration: 12 },
    },
    seconds('duration'),
  ),
  ...modes(
    'seedance-2',
    {
      '480p/s': { resolution: '480p', duration: 4 },
      '720p/s': { resolution: '720p', duration: 5 },
      '1080p/s': { resolution: '1080p', duration: 10 },
      '4k/s': { resolution: '4k', duration: 15 },
    },
    seconds('duration'),
  ),
  ...['kling-3-turbo', 'kling-3-turbo-i2v'].flatMap((slug) =>
    modes(
      slug,
      { '720p/s': { resolution: '720p', duration: '3' }, '1080p/s': { resolution: '1080p', duration: '15' } },
      seconds('duration'),
    ),
  ),
  ...['wan-2-7', 'wan-2-7-i2v'].flatMap((slug) =>
    modes(
      slug,
      { '720p/s': { resolution: '720p', duration: 2 }, '1080p/s': { resolution: '1080p', duration: 15 } },
      seconds('duration'),
    ),
  ),
  ...['kling-3-omni', 'kling-3-omni-i2v'].flatMap((slug) =>
    modes(
      slug,
      {
        '720p/s': { resolution: '720p', audio: false, duration: 3 },
        '720p+audio/s': { resolution: '720p', audio: true, duration: 5 },
        '1080p/s': { resolution: '1080p', audio: false, duration: 10 },
        '1080p+audio/s': { resolution: '1080p', audio: true, duration: 15 },
        '4k/s': { resolution: '4k', audio: true, duration: 8 },
      },
      seconds('duration'),
    ),
  ),
  ...modes(
    'seedance-2-5',
    { '480p/s': { resolution: '480p', duration: 4 }, '720p/s': { resolution: '720p', duration: 30 } },
    seconds('duration'),
  ),
  ...['seedance-1-lite', 'seedance-1-lite-i2v'].flatMap((slug) =>
    modes(
      slug,
      {
        '480p/s': { resolution: '480p', duration: '5' },
        '720p/s': { resolution: '720p', duration: '10' },
        '1080p/s': { resolution: '1080p', duration: '10' },
      },
      seconds('duration'),
    ),
  ),
  ...modes(
    'kling-2-6-motion',
    { '720p/s': { mode: '720p', video_seconds: 5 }, '1080p/s': { mode: '1080p', video_seconds: 30 } },
    seconds('video_seconds'),
  ),
  ...modes(
    'kling-3-motion',
    { '720p/s': { mode: '720p', video_seconds: 12 }, '1080p/s': { mode: '1080p', video_seconds: 3 } },
    seconds('video_seconds'),
  ),
  ...modes(
    'seedance-2-mini',
    { '480p/s': { resolution: '480p', duration: 4 }, '720p/s': { resolution: '720p', duration: 12 } },
    seconds('duration'),
  ),
  ...modes(
    'seedance-2-fast',
    { '480p/s': { resolution: '480p', duration: 7 }, '720p/s': { resolution: '720p', duration: 15 } },
    seconds('duration'),
  ),
  ...['grok-video', 'grok-video-i2v'].flatMap((slug) =>
    modes(
      slug,
      { '480p/s': { resolution: '480p', duration: 6 }, '720p/s': { resolution: '720p', duration: 30 } },
      seconds('duration'),
    ),
  ),
  ...['wan-2-6', 'wan-2-6-i2v'].flatMap((slug) =>
    modes(slug, {
      '720p-5s': { resolution: '720p', duration: '5' },
      '720p-10s': { resolution: '720p', duration: '10' },
      '720p-15s': { resolution: '720p', duration: '15' },
      '1080p-5s': { resolution: '1080p', duration: '5' },
      '1080p-10s': { resolution: '1080p', duration: '10' },
      '1080p-15s': { resolution: '1080p', duration: '15' },
    }),
  ),
  ...modes('wan-2-6-v2v', {
    '5.0s-720p': { resolution: '720p', duration: '5' },
    '10.0s-720p': { resolution: '720p', duration: '10' },
    '5.0s-1080p': { resolution: '1080p', duration: '5' },
    '10.0s-1080p': { resolution: '1080p', duration: '10' },
  }),
  ...['wan-2-5', 'wan-2-5-i2v'].flatMap((slug) =>
    modes(slug, {
      'default-5.0s-720p': { resolution: '720p', duration: '5' },
      'default-10.0s-720p': { resolution: '720p', duration: '10' },
      'default-5.0s-1080p': { resolution: '1080p', duration: '5' },
      'default-10.0s-1080p': { resolution: '1080p', duration: '10' },
    }),
  ),
  ...modes('wan-2-2-turbo', { '480p': { resolution: '480p' }, '720p': { resolution: '720p' } }),
  // Per output second (README decision); the clip is fixed at 80 frames / 16 fps = 5 s.
  ...modes(
    'wan-2-2-speech',
    { '480p': { resolution: '480p' }, '580p': { resolution: '580p' }, '720p': { resolution: '720p' } },
    () => 5,
  ),
  ...['hailuo-2-3-pro', 'hailuo-2-3'].flatMap((slug) =>
    modes(slug, {
      '768P-6s': { resolution: '768P', duration: '6' },
      '768P-10s': { resolution: '768P', duration: '10' },
      '1080P-6s': { resolution: '1080P', duration: '6' },
    }),
  ),
  ...modes('hailuo-02', { '6s': { duration: '6' }, '10s': { duration: '10' } }),
  // ElevenLabs TTS: catalog price is per 1000 characters.
  ...['eleven-tts', 'eleven-tts-turbo'].flatMap((slug): PriceCase[] => [
    { slug, mode: null, params: { text: text(1000) } },
    { slug, mode: null, params: { text: text(2500) }, units: 2.5 },
    { slug, mode: null, params: { text: text(5000) }, units: 5 },
  ]),
  // Dialogue: per 1000 characters of the spoken text; "Adam: " is not billed.
  { slug: 'eleven-dialogue', mode: null, params: { dialogue: `Adam: ${text(1000)}` } },
  {
    slug: 'eleven-dialogue',
    mode: null,
    params: { dialogue: `Adam: ${text(1500)}\nSarah: ${text(1000)}` },
    units: 2.5,
  },
  {
    slug: 'eleven-dialogue',
    mode: null,
    params: { dialogue: `adam: ${text(2000)}\nRiver: ${text(2000)}\nWILL: ${text(900)}` },
    units: 4.9,
  },
  // Sound effects: per output second; isolation: per second of input audio.
  { slug: 'eleven-sfx', mode: null, params: { duration_seconds: 1 } },
  { slug: 'eleven-sfx', mode: null, params: { duration_seconds: 7 }, units: 7 },
  { slug: 'eleven-isolate', mode: null, params: { audio_seconds: 1 } },
  { slug: 'eleven-isolate', mode: null, params: { audio_seconds: 90 }, units: 90 },
]

/** Catalog modes no valid parameter choice selects (the schema does not offer them). */
const UNREACHABLE_MODES: Record<string, string[]> = {
  'wan/2-6-video-to-video': ['15.0s-720p', '15.0s-1080p'], // duration enum is "5" | "10"
  'wan/2-2-a14b-text-to-video-turbo': ['580p'], // resolution enum is 480p | 720p
}

/** Catalog prices that are not a number: decided in README "Price assumptions", tested below. */
const DECIDED_MODES: Record<string, string[]> = {
  'sora-2-pro-text-to-video': ['high/s'],
  // the per-image price plus 0.5 per input image: tested below
  'seedream/5-pro-image-to-image': ['basic', 'high'],
}

function catalogPrice(slug: string, mode: string | null): number {
  const price = catalogEntry(getModel(slug)!.catalogModel).priceCredits
  const value = mode === null ? price : typeof price === 'object' ? price[mode] : undefined
  if (typeof value !== 'number') throw new Error(`${slug}: no numeric catalog price for ${String(mode)}`)
  return value
}

describe('prices reproduce the catalog', () => {
  it.each(CASES.map((c) => [`${c.slug} ${c.mode ?? ''} ${JSON.stringify(c.params ?? {})}`, c] as const))(
    '%s',
    (_name, c) => {
      const model = getModel(c.slug)!
      const params = { ...exampleParams(model), ...c.params }
      expect(credits(model, params)).toBeCloseTo(catalogPrice(c.slug, c.mode) * (c.units ?? 1), 9)
    },
  )

  it('covers every mode of every catalog entry the registry offers', () => {
    const covered = new Set(CASES.map((c) => `${getModel(c.slug)!.catalogModel}|${c.mode ?? ''}`))
    const missing: string[] = []
    for (const model of new Set(listModels().map((m) => m.catalogModel))) {
      const price = catalogEntry(model).priceCredits
      if (price === undefined) continue
      const keys = typeof price === 'number' ? [''] : Object.keys(price)
      const skipped = [...(UNREACHABLE_MODES[model] ?? []), ...(DECIDED_MODES[model] ?? [])]
      for (const key of keys)
        if (!skipped.includes(key) && !covered.has(`${model}|${key}`)) missing.push(`${model}|${key}`)
    }
    // Single-price offerings with no price input are covered by the next test.
    const singlePrice = listModels()
      .filter((m) => m.priceInputs.length === 0)
      .map((m) => `${m.catalogModel}|`)
    expect(missing.filter((k) => !singlePrice.includes(k))).toEqual([])
  })

  it('bills single-price offerings the catalog price', () => {
    for (const model of listModels().filter((m) => m.priceInputs.length === 0)) {
      const price = catalogEntry(model.catalogModel).priceCredits
      if (typeof price !== 'number') continue
      expect({ slug: model.slug, credits: credits(model, exampleParams(model)) }).toEqual({
        slug: model.slug,
        credits: price,
      })
    }
  })

  it('lists unreachable modes that really are out of the schema', () => {
    expect(() =>
      credits(getModel('wan-2-6-v2v')!, { ...exampleParams(getModel('wan-2-6-v2v')!), duration: '15' }),
    ).toThrow(InvalidParamsError)
    expect(() =>
      credits(getModel('wan-2-2-turbo')!, { ...exampleParams(getModel('wan-2-2-turbo')!), resolution: '580p' }),
    ).toThrow(InvalidParamsError)
  })
})

describe('price assumptions (README)', () => {
  const priceOf = (slug: string, params: Params) => {
    const model = getModel(slug)!
    return credits(model, { ...exampleParams(model), ...params })
  }

  it('bills Sora 2 Pro high (quoted 20-26/s) at 26 credits per second', () => {
    expect(catalogEntry('sora-2-pro-text-to-video').priceCredits).toMatchObject({ 'high/s': '20-26' })
    expect(priceOf('sora-2-pro', { size: 'high', n_frames: '10' })).toBe(260)
    expect(priceOf('sora-2-pro', { size: 'high', n_frames: '15' })).toBe(390)
  })

  it('bills unpriced catalog entries at the decided prices', () => {
    expect(catalogEntry('bytedance/v1-pro-text-to-video').priceCredits).toBeUndefined()
    expect(priceOf('seedance-1-pro', { resolution: '480p', duration: '5' })).toBe(25)
    expect(priceOf('seedance-1-pro-i2v', { resolution: '1080p', duration: '10' })).toBe(250)
    expect(catalogEntry('grok-imagine/upscale').priceCredits).toBeUndefined()
    expect(priceOf('grok-image-upscale', {})).toBe(10)
  })

  it('bills Seedream 5 Pro edit the text-to-image price plus 0.5 credits per input image', () => {
    const one = ['https://tempfile.redpandaai.co/kieai/u1/a.png']
    expect(priceOf('seedream-5-pro-edit', { quality: 'basic', image_urls: one })).toBe(7.5)
    expect(priceOf('seedream-5-pro-edit', { quality: 'high', image_urls: Array(10).fill(one[0]) })).toBe(19)
    expect(catalogEntry('seedream/5-pro-image-to-image').priceCredits).toEqual({ basic: 7, high: 14 })
  })

  it('bills Kling 2.6 without sound at or above what Kie charges since October (56 / 112)', () => {
    for (const slug of ['kling-2-6', 'kling-2-6-i2v']) {
      expect(priceOf(slug, { duration: '5', sound: false })).toBeGreaterThanOrEqual(56)
      expect(priceOf(slug, { duration: '10', sound: false })).toBeGreaterThanOrEqual(112)
    }
  })

  it('keeps the higher price where the October reading has a single source (README)', () => {
    expect(priceOf('nano-banana-2', { resolution: '1K' })).toBe(8)
    expect(priceOf('gpt-image-2', { resolution: '4K' })).toBe(16)
    expect(priceOf('seedance-2-fast', { resolution: '720p', duration: 10 })).toBe(330)
  })

  it('bills Grok Imagine Pro mode 5 credits (priceNote: $0.025)', () => {
    expect(priceOf('grok-image', { enable_pro: true })).toBe(5)
  })

  it('bills unknown file lengths and sizes at the worst case', () => {
    expect(priceOf('eleven-isolate', {})).toBe(120) // 600 s
    expect(priceOf('infinitalk', { resolution: '720p' })).toBe(180) // 15 s
    expect(priceOf('kling-avatar-pro', {})).toBe(240) // 15 s
    expect(priceOf('topaz-video-upscale', { upscale_factor: '4' })).toBe(840) // 60 s
    expect(priceOf('topaz-image-upscale', { upscale_factor: '1' })).toBe(40) // assumed 8192 px
    expect(priceOf('eleven-sfx', {})).toBe(5.28) // auto length billed as 22 s
  })

  it('rounds partial seconds up and keeps Topaz tiers by output size', () => {
    expect(priceOf('eleven-isolate', { audio_seconds: 2.1 })).toBe(0.6)
    expect(priceOf('topaz-image-upscale', { upscale_factor: '1', image_long_side: 2048 })).toBe(10)
    expect(priceOf('topaz-image-upscale', { upscale_factor: '2', image_long_side: 1280 })).toBe(20)
    expect(priceOf('topaz-image-upscale', { upscale_factor: '2', image_long_side: 2560 })).toBe(40)
  })
})

describe('credit ranges', () => {
  it('span the cheapest and dearest valid choice', () => {
    expect(creditRange(getModel('nano-banana')!)).toEqual({ min: 4, max: 4 })
    expect(creditRange(getModel('kling-2-6')!)).toEqual({ min: 56, max: 220 })
    expect(creditRange(getModel('kling-3')!)).toEqual({ min: 42, max: 1005 })
    // 10 s + 1080p is not allowed, so the top is 30, not 60.
    expect(creditRange(getModel('runway-gen4-turbo')!)).toEqual({ min: 12, max: 30 })
    expect(creditRange(getModel('hailuo-2-3-pro')!)).toEqual({ min: 45, max: 90 })
    expect(creditRange(getModel('eleven-tts')!)).toEqual({ min: 0.012, max: 60 })
    expect(creditRange(getModel('grok-video')!)).toEqual({ min: 9.6, max: 90 })
  })

  it('are positive, ordered, reachable and have at most 3 decimals for every offering', () => {
    for (const model of listModels()) {
      const range = creditRange(model)
      expect(range.min).toBeGreaterThan(0)
      expect(range.max).toBeGreaterThanOrEqual(range.min)
      for (const value of [range.min, range.max]) expect(Math.round(value * 1000) / 1000).toBe(value)
      const { cheapest, dearest } = priceExtremes(model)
      expect(credits(model, cheapest.params)).toBe(range.min)
      expect(credits(model, dearest.params)).toBe(range.max)
    }
  })
})

describe('roundCredits', () => {
  it('keeps 3 decimals, rounding up, without float noise', () => {
    expect(roundCredits(0.24 * 7)).toBe(1.68)
    expect(roundCredits(1.75 * 3)).toBe(5.25)
    expect(roundCredits(1 / 3)).toBe(0.334)
    expect(roundCredits(12 * 0.001)).toBe(0.012)
    expect(roundCredits(104.5)).toBe(104.5)
  })
})
