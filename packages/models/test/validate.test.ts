import {
  availableOptions,
  exampleParams,
  getModel,
  validateParams,
  type FieldError,
  type Params,
  type ValidationResult,
} from '@kiebot/models'

const IMAGE = 'https://tempfile.redpandaai.co/kieai/u1/a.png'
const AUDIO = 'https://tempfile.redpandaai.co/kieai/u1/a.mp3'

function check(slug: string, params: Params, replace = false): ValidationResult {
  const model = getModel(slug)
  if (!model) throw new Error(`no model ${slug}`)
  return validateParams(model, replace ? params : { ...exampleParams(model), ...params })
}

function errorsOf(result: ValidationResult): readonly FieldError[] {
  if (result.ok) throw new Error('expected validation errors, params were accepted')
  return result.errors
}

function expectRejected(result: ValidationResult, field: string, code: FieldError['code']) {
  const errors = errorsOf(result)
  expect(errors.map((e) => ({ field: e.field, code: e.code }))).toContainEqual({ field, code })
  for (const error of errors) {
    expect(error.message.ru).toMatch(/[а-яё]/i)
    expect(error.message.en.length).toBeGreaterThan(5)
  }
}

describe('per-field checks', () => {
  it('rejects a missing prompt with the field label in both languages', () => {
    const result = check('nano-banana', {}, true)
    expectRejected(result, 'prompt', 'required')
    expect(errorsOf(result)[0]?.message).toEqual({ ru: 'Заполните «Описание (промпт)».', en: '"Prompt" is required.' })
  })

  it('treats a blank prompt as missing', () => {
    expectRejected(check('nano-banana', { prompt: '   ' }), 'prompt', 'required')
  })

  it('rejects an enum value the model does not have', () => {
    expectRejected(check('nano-banana-pro', { resolution: '8K' }), 'resolution', 'invalid_option')
    expectRejected(check('kling-2-6', { aspect_ratio: '4:3' }), 'aspect_ratio', 'invalid_option')
    expectRejected(check('grok-video', { mode: 'spicy' }), 'mode', 'invalid_option')
  })

  it('rejects text over the limit, counting characters not UTF-16 units', () => {
    const result = check('z-image', { prompt: 'я'.repeat(1001) })
    expectRejected(result, 'prompt', 'too_long')
    expect(errorsOf(result)[0]?.message.en).toContain('1001 characters, at most 1000')
    expect(check('z-image', { prompt: '🦊'.repeat(1000) }).ok).toBe(true)
  })

  it('rejects text under the minimum', () => {
    expectRejected(check('flux-2-flex', { prompt: 'ab' }), 'prompt', 'too_short')
  })

  it('rejects too many and too few images', () => {
    expectRejected(check('nano-banana-edit', { image_urls: Array(11).fill(IMAGE) }), 'image_urls', 'too_many_files')
    expectRejected(check('kling-2-6-i2v', { image_urls: [IMAGE, IMAGE] }), 'image_urls', 'too_many_files')
    expectRejected(check('nano-banana-edit', { image_urls: [] }), 'image_urls', 'required')
  })

  it('wants a URL string for single media and an array for multiple media', () => {
    expectRejected(check('qwen-image-edit', { image_url: [IMAGE] }), 'image_url', 'invalid_type')
    expectRejected(check('kling-2-6-i2v', { image_urls: IMAGE }), 'image_urls', 'invalid_type')
    expectRejected(check('qwen-image-edit', { image_url: 'file:///etc/passwd' }), 'image_url', 'invalid_url')
    expectRejected(check('nano-banana-edit', { image_urls: [IMAGE, 'not a url'] }), 'image_urls', 'invalid_url')
  })

  it('checks numeric ranges and whole numbers', () => {
    expectRejected(check('seedance-1-5-pro', { duration: 13 }), 'duration', 'too_large')
    expectRejected(check('seedance-1-5-pro', { duration: 3 }), 'duration', 'too_small')
    expectRejected(check('seedance-1-5-pro', { duration: 5.5 }), 'duration', 'not_integer')
    expectRejected(check('grok-video', { duration: 'long' }), 'duration', 'invalid_type')
    expectRejected(check('eleven-sfx', { duration_seconds: 30 }), 'duration_seconds', 'too_large')
  })

  it('rejects booleans of the wrong type', () => {
    expectRejected(check('kling-2-6', { sound: 'yes' }), 'sound', 'invalid_type')
  })

  it('rejects unknown fields and fields the registry sets itself', () => {
    expectRejected(check('nano-banana', { image_size: '1:1' }), 'image_size', 'not_settable')
    expectRejected(check('kling-3', { multi_prompt: [{ prompt: 'x', duration: 3 }] }), 'multi_prompt', 'not_settable')
    expectRejected(check('veo-3-1', { model: 'veo3_lite' }), 'model', 'not_settable')
    expectRejected(check('nano-banana', { imageUrls: [IMAGE] }), 'imageUrls', 'unknown_field')
  })

  it('rejects a Sora link that is not a published Sora video', () => {
    const result = check('sora-watermark-remover', { video_url: 'https://youtube.com/watch?v=1' })
    expectRejected(result, 'video_url', 'invalid_format')
    expect(errorsOf(result)[0]?.message.en).toContain('sora.chatgpt.com')
  })

  it('rejects a grok upscale reference that is not a task id', () => {
    expectRejected(check('grok-image-upscale', { task_id: 'https://example.com/a.png' }), 'task_id', 'invalid_format')
  })

  it('rejects audio longer than the model takes, on the audio field', () => {
    expectRejected(check('infinitalk', { audio_url: AUDIO, audio_seconds: 20 }), 'audio_url', 'media_too_long')
    expectRejected(check('kling-avatar', { audio_seconds: 16 }), 'audio_url', 'media_too_long')
    expectRejected(check('eleven-isolate', { audio_seconds: 601 }), 'audio_url', 'media_too_long')
  })

  it('reports every bad field at once', () => {
    const errors = errorsOf(check('kling-2-6', { aspect_ratio: 'x', duration: '7', sound: 1 }, true))
    expect(errors.map((e) => e.field).sort()).toEqual(['aspect_ratio', 'duration', 'prompt', 'sound'])
  })
})

describe('normalisation', () => {
  it('fills defaults and keeps wire types', () => {
    const result = check('kling-2-6', { prompt: 'a fox' }, true)
    expect(result).toEqual({ ok: true, params: { prompt: 'a fox', aspect_ratio: '1:1', duration: '5', sound: false } })
  })

  it('accepts the text form of enum, number and boolean values (callback data is text)', () => {
    const result = check('runway-gen4-turbo', { prompt: 'a fox', duration: '10', quality: '720p' }, true)
    expect(result.ok && result.params.duration).toBe(10)
    const kling = check('kling-2-6', { prompt: 'a fox', duration: 10, sound: 'true' }, true)
    expect(kling.ok && kling.params).toMatchObject({ duration: '10', sound: true })
    const seedance = check('seedance-1-5-pro', { duration: '8' })
    expect(seedance.ok && seedance.params.duration).toBe(8)
  })

  it('trims text and drops undefined values', () => {
    const result = check('nano-banana', { prompt: '  a fox  ', aspect_ratio: undefined }, true)
    expect(result).toEqual({ ok: true, params: { prompt: 'a fox', aspect_ratio: '1:1' } })
  })

  it('fills measured values with the worst case when the caller does not know them', () => {
    const result = check('infinitalk', { image_url: IMAGE, audio_url: AUDIO, prompt: 'talks' }, true)
    expect(result.ok && result.params.audio_seconds).toBe(15)
  })
})

describe('cross-field rules', () => {
  it('Runway: 10 s is not allowed with 1080p', () => {
    expectRejected(check('runway-gen4-turbo', { duration: 10, quality: '1080p' }), 'quality', 'conflict')
    expect(check('runway-gen4-turbo', { duration: 5, quality: '1080p' }).ok).toBe(true)
    expect(check('runway-gen4-turbo', { duration: 10, quality: '720p' }).ok).toBe(true)
  })

  it('Hailuo 2.3: 1080P only for 6 s', () => {
    expectRejected(check('hailuo-2-3-pro', { duration: '10', resolution: '1080P' }), 'resolution', 'conflict')
    expect(check('hailuo-2-3', { duration: '6', resolution: '1080P' }).ok).toBe(true)
  })

  it('Veo reference mode: 1-3 images, 8 s only, no Auto ratio', () => {
    const reference = { generationType: 'REFERENCE_2_VIDEO', imageUrls: [IMAGE, IMAGE, IMAGE] }
    expect(check('veo-3-1-fast', reference).ok).toBe(true)
    expectRejected(check('veo-3-1-fast', { ...reference, duration: 6 }), 'duration', 'conflict')
    expectRejected(check('veo-3-1-fast', { ...reference, aspectRatio: 'Auto' }), 'aspectRatio', 'conflict')
    expectRejected(check('veo-3-1-fast', { generationType: 'REFERENCE_2_VIDEO' }), 'imageUrls', 'required')
    // Three images without a chosen mode are references, so the 8 s rule applies too.
    expectRejected(check('veo-3-1-fast', { imageUrls: [IMAGE, IMAGE, IMAGE], duration: 4 }), 'duration', 'conflict')
  })

  it('Veo frame and text modes need the matching number of images', () => {
    expectRejected(
      check('veo-3-1-fast', { generationType: 'TEXT_2_VIDEO', imageUrls: [IMAGE] }),
      'generationType',
      'conflict',
    )
    expectRejected(check('veo-3-1-fast', { generationType: 'FIRST_AND_LAST_FRAMES_2_VIDEO' }), 'imageUrls', 'required')
    expectRejected(
      check('veo-3-1-fast', { generationType: 'FIRST_AND_LAST_FRAMES_2_VIDEO', imageUrls: [IMAGE, IMAGE, IMAGE] }),
      'imageUrls',
      'too_many_files',
    )
    // Quality has no reference mode: at most 2 images (first and last frame).
    expectRejected(check('veo-3-1', { imageUrls: [IMAGE, IMAGE, IMAGE] }), 'imageUrls', 'too_many_files')
    expectRejected(check('veo-3-1', { generationType: 'REFERENCE_2_VIDEO' }), 'generationType', 'not_settable')
    // Lite has it, like Fast (Kie allows REFERENCE_2_VIDEO for veo3_fast and veo3_lite), with the same rules.
    expect(check('veo-3-1-lite', { generationType: 'REFERENCE_2_VIDEO', imageUrls: [IMAGE, IMAGE, IMAGE] }).ok).toBe(
      true,
    )
    expectRejected(
      check('veo-3-1-lite', { generationType: 'REFERENCE_2_VIDEO', imageUrls: [IMAGE], duration: 4 }),
      'duration',
      'conflict',
    )
  })

  it('Midjourney: stylization, weirdness and variety move in Kie steps (50, 100, 5)', () => {
    expect(check('midjourney', { stylization: 250, weirdness: 300, variety: 15 }).ok).toBe(true)
    expectRejected(check('midjourney', { stylization: 120 }), 'stylization', 'invalid_option')
    expectRejected(check('midjourney-i2i', { weirdness: 150 }), 'weirdness', 'invalid_option')
    expectRejected(check('midjourney', { variety: 7 }), 'variety', 'invalid_option')
    expectRejected(check('midjourney', { stylization: 1050 }), 'stylization', 'too_large')
  })

  it('GPT Image 2: some ratios only at 1K', () => {
    expectRejected(check('gpt-image-2', { resolution: '4K', aspect_ratio: '5:4' }), 'aspect_ratio', 'conflict')
    expect(check('gpt-image-2', { resolution: '1K', aspect_ratio: '5:4' }).ok).toBe(true)
  })

  it('Seedance 2: a last frame needs a first frame', () => {
    expectRejected(check('seedance-2', { last_frame_url: IMAGE }), 'first_frame_url', 'required')
    expect(check('seedance-2', { first_frame_url: IMAGE, last_frame_url: IMAGE }).ok).toBe(true)
  })

  it('Suno custom mode: style and title are required, V4 takes shorter texts', () => {
    expectRejected(check('suno-lyrics', { prompt: 'la la', style: '', title: 'Song' }, true), 'style', 'required')
    expectRejected(check('suno-instrumental', { style: 'lofi' }, true), 'title', 'required')
    expectRejected(check('suno-lyrics', { model: 'V4', prompt: 'x'.repeat(3001) }), 'prompt', 'too_long')
    expectRejected(check('suno-lyrics', { model: 'V4', style: 'x'.repeat(201) }), 'style', 'too_long')
    expectRejected(check('suno-instrumental', { model: 'V4', style: 'x'.repeat(201) }), 'style', 'too_long')
    expect(check('suno-lyrics', { model: 'V5', prompt: 'x'.repeat(5000), style: 'x'.repeat(1000) }).ok).toBe(true)
    expectRejected(check('suno-lyrics', { model: 'V5', prompt: 'x'.repeat(5001) }), 'prompt', 'too_long')
  })

  it('Suno description mode: at most 500 characters, no style or title', () => {
    expectRejected(check('suno-song', { prompt: 'x'.repeat(501) }), 'prompt', 'too_long')
    expectRejected(check('suno-song', { style: 'rock' }), 'style', 'not_settable')
    expectRejected(check('suno-song', { customMode: true }), 'customMode', 'not_settable')
  })
})

describe('availableOptions', () => {
  it('hides choices that clash with what is already chosen', () => {
    const runway = getModel('runway-gen4-turbo')!
    expect(availableOptions(runway, 'quality', { duration: 10 })).toEqual(['720p'])
    expect(availableOptions(runway, 'quality', { duration: 5 })).toEqual(['720p', '1080p'])
    expect(availableOptions(runway, 'duration', { quality: '1080p' })).toEqual([5])
    const hailuo = getModel('hailuo-2-3-pro')!
    expect(availableOptions(hailuo, 'resolution', { duration: '10' })).toEqual(['768P'])
    const veo = getModel('veo-3-1-fast')!
    expect(availableOptions(veo, 'generationType', { imageUrls: [IMAGE] })).toEqual([
      'FIRST_AND_LAST_FRAMES_2_VIDEO',
      'REFERENCE_2_VIDEO',
    ])
    expect(availableOptions(veo, 'duration', { generationType: 'REFERENCE_2_VIDEO', imageUrls: [IMAGE] })).toEqual([8])
  })

  it('returns every option when nothing clashes, and none for non-enum fields', () => {
    const kling = getModel('kling-2-6')!
    expect(availableOptions(kling, 'duration', {})).toEqual(['5', '10'])
    expect(availableOptions(kling, 'prompt', {})).toEqual([])
  })
})
