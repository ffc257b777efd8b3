import {
  callbackTaskId,
  callbackToken,
  callbackUrlFor,
  parseCallback,
  signWebhook,
  verifyCallbackToken,
  verifyWebhookSignature,
  webhookHeaders,
} from '../src'

describe('Kie webhook HMAC', () => {
  const NOW_MS = 1_700_000_000_000
  const signature = 'qtx2uH7uZqu5VU4hzNyGUTT2cY+A775iMNttc1QIhVY=' // openssl dgst -sha256 -hmac hmac-key of "task_abc.1700000000"

  it('signs base64(HMAC-SHA256(key, taskId.timestamp))', () => {
    expect(signWebhook('task_abc', 1_700_000_000, 'hmac-key')).toBe(signature)
  })

  it('accepts a valid signature inside the tolerance', () => {
    const input = { taskId: 'task_abc', timestamp: '1700000000', signature, hmacKey: 'hmac-key' }
    expect(verifyWebhookSignature({ ...input, nowMs: NOW_MS })).toEqual({ ok: true })
    expect(verifyWebhookSignature({ ...input, nowMs: NOW_MS + 300_000 })).toEqual({ ok: true })
    expect(verifyWebhookSignature({ ...input, nowMs: NOW_MS - 300_000 })).toEqual({ ok: true })
  })

  it('rejects expired, tampered and missing', () => {
    const input = { taskId: 'task_abc', timestamp: '1700000000', signature, hmacKey: 'hmac-key', nowMs: NOW_MS }
    expect(verifyWebhookSignature({ ...input, nowMs: NOW_MS + 301_000 })).toEqual({ ok: false, reason: 'expired' })
    expect(verifyWebhookSignature({ ...input, toleranceSeconds: 10, nowMs: NOW_MS + 11_000 })).toEqual({
      ok: false,
      reason: 'expired',
    })
    expect(verifyWebhookSignature({ ...input, taskId: 'task_abd' })).toEqual({ ok: false, reason: 'bad_signature' })
    expect(verifyWebhookSignature({ ...input, hmacKey: 'other' })).toEqual({ ok: false, reason: 'bad_signature' })
    expect(verifyWebhookSignature({ ...input, signature: 'short' })).toEqual({ ok: false, reason: 'bad_signature' })
    expect(verifyWebhookSignature({ ...input, timestamp: '17e8' })).toEqual({ ok: false, reason: 'bad_timestamp' })
    expect(verifyWebhookSignature({ ...input, signature: undefined })).toEqual({ ok: false, reason: 'missing_headers' })
    expect(verifyWebhookSignature({ ...input, timestamp: null })).toEqual({ ok: false, reason: 'missing_headers' })
  })

  it('reads the headers from Node and Fetch header objects', () => {
    expect(webhookHeaders({ 'x-webhook-timestamp': '1', 'x-webhook-signature': 's' })).toEqual({
      timestamp: '1',
      signature: 's',
    })
    expect(webhookHeaders(new Headers({ 'X-Webhook-Timestamp': '2', 'X-Webhook-Signature': 't' }))).toEqual({
      timestamp: '2',
      signature: 't',
    })
    expect(webhookHeaders({})).toEqual({ timestamp: null, signature: null })
  })
})

describe('our per-generation callback token', () => {
  it('is base64url(HMAC-SHA256(secret, generationId))', () => {
    expect(callbackToken('gen-1', 'server-secret')).toBe('6Oz_YHmeDxmXJiUe5OElsDV8PpcVhFsYzQRrgkLeRZ4')
  })

  it('is carried in the callBackUrl and verified in constant time', () => {
    const url = callbackUrlFor('https://bot.example.com/', 'gen 1/2', 'server-secret')
    expect(url).toMatch(/^https:\/\/bot\.example\.com\/kie\/callback\/gen%201%2F2\?token=[\w-]+$/)
    const token = new URL(url).searchParams.get('token')
    expect(verifyCallbackToken('gen 1/2', token, 'server-secret')).toBe(true)
    expect(verifyCallbackToken('gen 1/3', token, 'server-secret')).toBe(false)
    expect(verifyCallbackToken('gen 1/2', token, 'another-secret')).toBe(false)
    expect(verifyCallbackToken('gen 1/2', null, 'server-secret')).toBe(false)
    expect(verifyCallbackToken('gen 1/2', undefined, 'server-secret')).toBe(false)
  })
})

// Bodies below are the examples of kie-api.md §3 and §6.
describe('callback bodies of each family', () => {
  it('market success and failure', () => {
    const success = {
      code: 200,
      msg: 'Playground task completed successfully.',
      data: {
        taskId: 'e989621f54392584b05867f87b160672',
        model: 'sora-2-pro-storyboard',
        state: 'success',
        param: '{}',
        resultJson: '{"resultUrls":["https://x/video.mp4"]}',
        consumeCredits: 100,
        remainedCredits: 2510330,
        costTime: 8,
        completeTime: 1755599644000,
        createTime: 1755599634000,
        updateTime: 1755599644000,
      },
    }
    expect(parseCallback('market', success)).toEqual({
      taskId: 'e989621f54392584b05867f87b160672',
      family: 'market',
      state: 'success',
      resultUrls: ['https://x/video.mp4'],
      failCode: null,
      failMessage: null,
      creditsConsumed: 100,
      createdAt: new Date(1755599634000),
      completedAt: new Date(1755599644000),
    })
    const failure = {
      code: 501,
      msg: 'Playground task failed.',
      data: {
        taskId: 'bd3a37c5',
        model: 'm',
        state: 'fail',
        failCode: '500',
        failMsg: 'Internal server error',
        resultJson: null,
        consumeCredits: 0,
        remainedCredits: 2510430,
        costTime: 0,
        completeTime: 1755597081000,
        createTime: 1755596341000,
      },
    }
    expect(parseCallback('market', failure)).toMatchObject({
      state: 'fail',
      failCode: '500',
      failMessage: 'Internal server error',
      creditsConsumed: 0,
      resultUrls: [],
    })
  })

  it('veo', () => {
    const body = {
      code: 200,
      msg: 'ok',
      data: {
        taskId: 'veo_1',
        info: { resultUrls: ['https://x/1.mp4'], originUrls: [], resolution: '1080p' },
        fallbackFlag: false,
      },
    }
    expect(parseCallback('veo', body)).toMatchObject({
      taskId: 'veo_1',
      state: 'success',
      resultUrls: ['https://x/1.mp4'],
    })
    expect(parseCallback('veo', { code: 400, msg: 'content policy', data: { taskId: 'veo_1' } })).toMatchObject({
      state: 'fail',
      failCode: '400',
      failMessage: 'content policy',
    })
  })

  it('suno stages', () => {
    const track = {
      id: 'a',
      audio_url: 'https://x/a.mp3',
      stream_audio_url: 's',
      image_url: 'i',
      prompt: 'p',
      model_name: 'chirp',
      title: 't',
      tags: 'rock',
      createTime: '2025-01-01 00:00:00',
      duration: 198.44,
    }
    const body = (callbackType: string, data: unknown) => ({
      code: 200,
      msg: 'ok',
      data: { callbackType, task_id: 'suno_1', data },
    })
    expect(parseCallback('suno', body('text', []))).toMatchObject({
      taskId: 'suno_1',
      state: 'running',
      resultUrls: [],
    })
    expect(parseCallback('suno', body('first', [track]))).toMatchObject({
      state: 'running',
      resultUrls: ['https://x/a.mp3'],
    })
    expect(parseCallback('suno', body('complete', [track, { ...track, audio_url: 'https://x/b.mp3' }]))).toMatchObject({
      state: 'success',
      resultUrls: ['https://x/a.mp3', 'https://x/b.mp3'],
    })
    expect(
      parseCallback('suno', {
        code: 531,
        msg: 'refunded',
        data: { callbackType: 'error', task_id: 'suno_1', data: null },
      }),
    ).toMatchObject({
      state: 'fail',
      failCode: '531',
      failMessage: 'refunded',
    })
  })

  it('suno: the track ids come with the tracks, in the order of their URLs (what an extension names)', () => {
    const body = (data: unknown) => ({
      code: 200,
      msg: 'ok',
      data: { callbackType: 'complete', task_id: 'suno_1', data },
    })
    const tracks = [
      { id: 'track-a', audio_url: 'https://x/a.mp3' },
      { id: 'track-b', audio_url: 'https://x/b.mp3' },
    ]
    expect(parseCallback('suno', body(tracks))).toMatchObject({
      resultUrls: ['https://x/a.mp3', 'https://x/b.mp3'],
      trackIds: ['track-a', 'track-b'],
    })
    // a track without an id: no ids at all rather than ids that no longer line up with the URLs
    expect(parseCallback('suno', body([tracks[0], { audio_url: 'https://x/b.mp3' }])).trackIds).toBeUndefined()
    // Suno's own titles and lyrics (snake_case callbacks name them the same)
    expect(
      parseCallback(
        'suno',
        body(tracks.map((track, i) => ({ ...track, title: `Fox ${i + 1}`, prompt: `[Chorus]\nfox ${i + 1}` }))),
      ).trackTexts,
    ).toEqual({ titles: ['Fox 1', 'Fox 2'], lyrics: ['[Chorus]\nfox 1', '[Chorus]\nfox 2'] })
    expect(parseCallback('suno', body(tracks)).trackTexts).toBeUndefined()
  })

  it('runway, flux-kontext, gpt4o-image', () => {
    expect(
      parseCallback('runway', {
        code: 200,
        msg: 'All generated successfully.',
        data: { task_id: 'r1', video_id: 'v', video_url: 'https://x/r.mp4', image_url: 'https://x/r.png' },
      }),
    ).toMatchObject({
      taskId: 'r1',
      family: 'runway',
      state: 'success',
      resultUrls: ['https://x/r.mp4'],
    })
    expect(
      parseCallback('flux-kontext', {
        code: 200,
        msg: 'ok',
        data: { taskId: 'f1', info: { originImageUrl: 'o', resultImageUrl: 'https://x/f.jpg' } },
      }),
    ).toMatchObject({
      taskId: 'f1',
      state: 'success',
      resultUrls: ['https://x/f.jpg'],
    })
    expect(
      parseCallback('gpt4o-image', {
        code: 200,
        msg: 'success',
        data: { taskId: 'g1', info: { result_urls: ['https://x/g.png'] } },
      }),
    ).toMatchObject({
      taskId: 'g1',
      state: 'success',
      resultUrls: ['https://x/g.png'],
    })
    expect(callbackTaskId({ data: { task_id: 'r1' } })).toBe('r1')
    expect(callbackTaskId({ data: {} })).toBeNull()
  })

  it('midjourney: 4 URLs in data.resultUrls; a failure envelope has none', () => {
    const urls = [0, 1, 2, 3].map((i) => `https://tempfile.aiquickdraw.com/v/mj_${i}.jpeg`)
    const body = {
      code: 200,
      msg: 'success',
      data: { taskId: 'mj_1', promptJson: '{"prompt":"a castle"}', resultUrls: urls },
    }
    expect(parseCallback('midjourney', body)).toMatchObject({
      taskId: 'mj_1',
      family: 'midjourney',
      state: 'success',
      resultUrls: urls,
    })
    // the record's [{ resultUrl }] form is read too
    expect(
      parseCallback('midjourney', {
        ...body,
        data: { taskId: 'mj_1', resultUrls: urls.map((resultUrl) => ({ resultUrl })) },
      }).resultUrls,
    ).toEqual(urls)
    expect(
      parseCallback('midjourney', {
        code: 400,
        msg: 'prompt rejected',
        data: { taskId: 'mj_1', promptJson: '{}', resultUrls: [] },
      }),
    ).toMatchObject({
      taskId: 'mj_1',
      state: 'fail',
      failCode: '400',
      failMessage: 'prompt rejected',
      resultUrls: [],
    })
    expect(callbackTaskId(body)).toBe('mj_1')
  })
})
