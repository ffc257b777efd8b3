import { buildCreateRequest, CREATE_TASK_PATHS, createPathOf } from '@kiebot/kie'
import {
  creditRange,
  credits,
  exampleParams,
  getModel,
  InvalidParamsError,
  listModels,
  measuredFields,
  priceExtremes,
  validateParams,
  type FieldSpec,
  type ModelSpec,
  type Params,
} from '@kiebot/models'
import { catalogEntry } from './kie-catalog'

const CALLBACK = 'https://bot.example.com/kie/callback?g=42&t=token'
const IMAGE = 'https://tempfile.redpandaai.co/kieai/u1/a.png'
const AUDIO = 'https://tempfile.redpandaai.co/kieai/u1/a.mp3'
const MODELS = listModels()
/** Text fields without a catalog limit get this much in the maximal set (Telegram messages hold 4096). */
const LONG_TEXT = 4096

function build(slug: string, params: Params) {
  return buildCreateRequest(getModel(slug)!, params, { callBackUrl: CALLBACK })
}

/** The input object Kie receives: `input` on the market, the body itself on flat families. */
function wireInput(model: ModelSpec, body: Record<string, unknown>): Record<string, unknown> {
  if (model.family !== 'market') return body
  return body.input as Record<string, unknown>
}

/** Every field at its largest: dearest price choice, longest text, most files, optional inputs filled. */
function maximalParams(model: ModelSpec): Params {
  const params: Params = { ...priceExtremes(model).dearest.params }
  for (const field of model.fields) {
    if (!field.ask || model.priceInputs.includes(field.key)) continue
    const value = largest(field)
    if (value !== undefined) params[field.key] = value
  }
  return params
}

function largest(field: FieldSpec): unknown {
  switch (field.type) {
    case 'text':
      return field.example ?? 'x'.repeat(field.maxLength ?? LONG_TEXT)
    case 'media':
      return field.multiple ? Array.from({ length: field.maxItems }, (_, i) => `${IMAGE}?${i}`) : IMAGE
    case 'integer':
    case 'number':
      return field.max ?? field.default
    case 'boolean':
      return field.default ?? true
    case 'enum':
      return field.default
  }
}

function checkRequestShape(model: ModelSpec, params: Params) {
  const request = buildCreateRequest(model, params, { callBackUrl: CALLBACK })
  expect(request.family).toBe(model.family)
  // the family's create path, or the model's own (Veo extend); always the catalog entry's endpoint
  expect(request.path).toBe(model.createEndpoint ? createPathOf(model) : CREATE_TASK_PATHS[model.family])
  expect(`POST ${request.path}`).toBe(catalogEntry(model.catalogModel).createEndpoint)
  expect(request.body.callBackUrl).toBe(CALLBACK)
  expect(JSON.parse(JSON.stringify(request.body))).toEqual(request.body)
  if (model.family === 'market') {
    expect(Object.keys(request.body).sort()).toEqual(['callBackUrl', 'input', 'model'])
    expect(request.body.model).toBe(model.kieModel)
  } else {
    expect(request.body).not.toHaveProperty('input')
    if ('model' in model.fixedInput) expect(request.body.model).toBe(model.kieModel)
  }
  const input = wireInput(model, request.body)
  const allowed = new Set([
    ...model.fields.filter((f) => f.ask).map((f) => f.key),
    ...Object.keys(model.fixedInput),
    ...model.derivedInput,
    ...(model.family === 'market' ? [] : ['callBackUrl']),
  ])
  expect(Object.keys(input).filter((k) => !allowed.has(k))).toEqual([])
  for (const [key, value] of Object.entries(model.fixedInput)) expect(input[key]).toEqual(value)
  for (const field of measuredFields(model)) expect(input).not.toHaveProperty(field.key)
  for (const field of model.fields) {
    if (field.type !== 'media' || input[field.key] === undefined) continue
    if (field.multiple) expect(Array.isArray(input[field.key])).toBe(true)
    else expect(typeof input[field.key]).toBe('string')
  }
  return request
}

describe.each(MODELS.map((m) => [m.slug, m] as const))('%s', (_slug, model) => {
  it('validates and builds its defaults plus a prompt / sample media', () => {
    const params = exampleParams(model)
    const result = validateParams(model, params)
    expect(result.ok ? [] : result.errors).toEqual([])
    checkRequestShape(model, params)
  })

  it('validates and builds a maximal parameter set, priced at the top of its range', () => {
    const params = maximalParams(model)
    const result = validateParams(model, params)
    expect(result.ok ? [] : result.errors).toEqual([])
    checkRequestShape(model, params)
    expect(credits(model, params)).toBe(creditRange(model).max)
  })

  it('refuses to build invalid params', () => {
    expect(() => buildCreateRequest(model, { not_a_field: 1 }, { callBackUrl: CALLBACK })).toThrow(InvalidParamsError)
  })
})

describe('exact request bodies', () => {
  it('market: kling-2.6 image-to-video (kie-api.md §7 example)', () => {
    expect(build('kling-2-6-i2v', { prompt: 'she turns and smiles', image_urls: [IMAGE], duration: '5' })).toEqual({
      family: 'market',
      path: '/api/v1/jobs/createTask',
      body: {
        model: 'kling-2.6/image-to-video',
        callBackUrl: CALLBACK,
        input: { prompt: 'she turns and smiles', image_urls: [IMAGE], sound: false, duration: '5' },
      },
    })
  })

  it('market: nano-banana never sends the legacy image_size alias', () => {
    const { body } = build('nano-banana', { prompt: 'a red fox', aspect_ratio: '16:9' })
    expect(body).toEqual({
      model: 'google/nano-banana',
      callBackUrl: CALLBACK,
      input: { prompt: 'a red fox', aspect_ratio: '16:9' },
    })
  })

  it('market: Kling avatars use the current ids and always send the prompt their schema requires', () => {
    expect(
      build('kling-avatar', { image_url: IMAGE, audio_url: AUDIO, prompt: 'smiles', audio_seconds: 7 }).body,
    ).toEqual({
      model: 'kling/ai-avatar-standard',
      callBackUrl: CALLBACK,
      input: { image_url: IMAGE, audio_url: AUDIO, prompt: 'smiles' },
    })
    expect(build('kling-avatar-pro', { image_url: IMAGE, audio_url: AUDIO, prompt: 'sings' }).body.model).toBe(
      'kling/ai-avatar-pro',
    )
    for (const slug of ['kling-avatar', 'kling-avatar-pro']) {
      expect(() => build(slug, { image_url: IMAGE, audio_url: AUDIO })).toThrow(InvalidParamsError)
    }
  })

  it('market: kling-3.0 sends single-shot with empty multi-shot arrays', () => {
    const { body } = build('kling-3', { prompt: 'a fox', mode: 'std', duration: '7', sound: true })
    expect(body.input).toEqual({
      prompt: 'a fox',
      mode: 'std',
      duration: '7',
      aspect_ratio: '16:9',
      sound: true,
      multi_shots: false,
      multi_prompt: [],
      kling_elements: [],
    })
  })

  it('market: measured lengths are not sent, file URLs are', () => {
    const { body } = build('infinitalk', { image_url: IMAGE, audio_url: AUDIO, prompt: 'talks', audio_seconds: 9 })
    expect(body.input).toEqual({ image_url: IMAGE, audio_url: AUDIO, prompt: 'talks', resolution: '480p' })
  })

  it('market: text-to-speech uses the "text" field and a documented voice', () => {
    const { body } = build('eleven-tts', { text: 'Привет!', voice: 'Rachel' })
    expect(body).toEqual({
      model: 'elevenlabs/text-to-speech-multilingual-v2',
      callBackUrl: CALLBACK,
      input: { text: 'Привет!', voice: 'Rachel' },
    })
  })

  it("market: a dialogue script becomes Kie's list of { text, voice } lines, voices as Kie spells them", () => {
    const { body } = build('eleven-dialogue', {
      dialogue: 'adam: Привет! Как дела?\n\n  SARAH:  [laughs] Отлично: лучше всех.  \nAdam: Ну и славно.',
    })
    expect(body).toEqual({
      model: 'elevenlabs/text-to-dialogue-v3',
      callBackUrl: CALLBACK,
      input: {
        dialogue: [
          { text: 'Привет! Как дела?', voice: 'Adam' },
          { text: '[laughs] Отлично: лучше всех.', voice: 'Sarah' },
          { text: 'Ну и славно.', voice: 'Adam' },
        ],
        stability: 0.5,
      },
    })
  })

  it("suno: extend continues one of the user's tracks with custom parameters", () => {
    const params = {
      audioId: 'b4f1c0de-track-1',
      continueAt: 62,
      prompt: 'Second verse',
      style: 'indie pop',
      title: 'Dawn (extended)',
      model: 'V4_5',
    }
    expect(build('suno-extend', params)).toEqual({
      family: 'suno',
      path: '/api/v1/generate/extend',
      body: { defaultParamFlag: true, ...params, callBackUrl: CALLBACK },
    })
    // V4's shorter style limit applies to extensions too
    expect(() => build('suno-extend', { ...params, model: 'V4', style: 'x'.repeat(201) })).toThrow(InvalidParamsError)
  })

  it('market: sora watermark remover takes the Sora link as text', () => {
    const link = 'https://sora.chatgpt.com/p/s_0123456789abcdef'
    expect(build('sora-watermark-remover', { video_url: link }).body.input).toEqual({ video_url: link })
  })

  it('veo: flat body with the fixed model and a derived generation type', () => {
    expect(build('veo-3-1-lite', { prompt: 'a dog in a park', aspectRatio: '9:16', imageUrls: [IMAGE] })).toEqual({
      family: 'veo',
      path: '/api/v1/veo/generate',
      body: {
        model: 'veo3_lite',
        enableTranslation: true,
        prompt: 'a dog in a park',
        imageUrls: [IMAGE],
        aspectRatio: '9:16',
        resolution: '720p',
        duration: 8,
        generationType: 'FIRST_AND_LAST_FRAMES_2_VIDEO',
        callBackUrl: CALLBACK,
      },
    })
    expect(build('veo-3-1-fast', { prompt: 'a dog' }).body.generationType).toBe('TEXT_2_VIDEO')
    // Kie's docs contradict themselves on enableTranslation's default: every Veo body says it.
    for (const slug of ['veo-3-1-fast', 'veo-3-1', 'veo-3-1-lite'])
      expect(build(slug, { prompt: 'собака в парке' }).body.enableTranslation).toBe(true)
    expect(build('veo-3-1-lite', { prompt: 'a dog', imageUrls: [IMAGE, IMAGE, IMAGE] }).body.generationType).toBe(
      'REFERENCE_2_VIDEO',
    )
    expect(
      build('veo-3-1-fast', { prompt: 'a dog', imageUrls: [IMAGE], generationType: 'REFERENCE_2_VIDEO' }).body
        .generationType,
    ).toBe('REFERENCE_2_VIDEO')
  })

  it('veo extend: its own endpoint, the source task id and the prompt; one offering per source tier', () => {
    expect(build('veo-3-1-lite-extend', { taskId: 'veo_task_abc123', prompt: 'the dog jumps into the lake' })).toEqual({
      family: 'veo',
      path: '/api/v1/veo/extend',
      body: { taskId: 'veo_task_abc123', prompt: 'the dog jumps into the lake', callBackUrl: CALLBACK },
    })
    for (const [slug, source, credits] of [
      ['veo-3-1-fast-extend', 'veo3_fast', 60],
      ['veo-3-1-extend', 'veo3', 250],
      ['veo-3-1-lite-extend', 'veo3_lite', 30],
    ] as const) {
      const model = getModel(slug)!
      const field = model.fields.find((f) => f.key === 'taskId')
      expect(field?.type === 'text' && field.taskRef?.kieModels).toEqual([source])
      expect(creditRange(model)).toEqual({ min: credits, max: credits })
    }
    expect(() => build('veo-3-1-fast-extend', { taskId: 'https://x/y.mp4', prompt: 'p' })).toThrow(InvalidParamsError)
  })

  it('runway: flat body, no model, no watermark', () => {
    expect(build('runway-gen4-turbo', { prompt: 'a cat dancing', duration: '10' })).toEqual({
      family: 'runway',
      path: '/api/v1/runway/generate',
      body: {
        waterMark: '',
        prompt: 'a cat dancing',
        aspectRatio: '16:9',
        duration: 10,
        quality: '720p',
        callBackUrl: CALLBACK,
      },
    })
  })

  it('suno: custom mode with lyrics, instrumental and description mode', () => {
    expect(
      build('suno-lyrics', { prompt: '[Verse] la la', style: 'indie pop', title: 'La', vocalGender: 'f' }),
    ).toEqual({
      family: 'suno',
      path: '/api/v1/generate',
      body: {
        customMode: true,
        instrumental: false,
        prompt: '[Verse] la la',
        style: 'indie pop',
        title: 'La',
        vocalGender: 'f',
        model: 'V5',
        callBackUrl: CALLBACK,
      },
    })
    expect(build('suno-instrumental', { style: 'lofi beats', title: 'Rain' }).body).toEqual({
      customMode: true,
      instrumental: true,
      style: 'lofi beats',
      title: 'Rain',
      model: 'V5',
      callBackUrl: CALLBACK,
    })
    expect(build('suno-song', { prompt: 'a song about summer', model: 'V5_5' }).body).toEqual({
      customMode: false,
      prompt: 'a song about summer',
      instrumental: false,
      model: 'V5_5',
      callBackUrl: CALLBACK,
    })
  })

  it('gpt4o-image and flux-kontext: flat bodies', () => {
    expect(build('gpt-4o-image', { prompt: 'a teapot', filesUrl: [IMAGE], nVariants: '2' })).toEqual({
      family: 'gpt4o-image',
      path: '/api/v1/gpt4o-image/generate',
      body: { prompt: 'a teapot', filesUrl: [IMAGE], size: '1:1', nVariants: 2, callBackUrl: CALLBACK },
    })
    expect(build('flux-kontext-max', { prompt: 'make it night', inputImage: IMAGE })).toEqual({
      family: 'flux-kontext',
      path: '/api/v1/flux/kontext/generate',
      body: {
        model: 'flux-kontext-max',
        prompt: 'make it night',
        inputImage: IMAGE,
        aspectRatio: '16:9',
        callBackUrl: CALLBACK,
      },
    })
  })

  it('throws with the field errors when params are invalid', () => {
    try {
      build('runway-gen4-turbo', { prompt: 'x', duration: 10, quality: '1080p' })
      throw new Error('expected InvalidParamsError')
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidParamsError)
      expect((error as InvalidParamsError).errors.map((e) => [e.field, e.code])).toEqual([['quality', 'conflict']])
    }
  })
})
