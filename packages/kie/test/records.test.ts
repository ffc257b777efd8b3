import { taskFromRecord } from '../src'

// Record `data` objects from the examples of kie-api.md §2.2 and §6.
describe('status records of each family normalise to one task view', () => {
  it('market recordInfo: success, fail, in progress', () => {
    const success = {
      taskId: 'task_12345678',
      model: 'grok-imagine/text-to-image',
      state: 'success',
      param: '{}',
      resultJson: '{"resultUrls":["https://tempfile.aiquickdraw.com/x.jpg"]}',
      failCode: '',
      failMsg: '',
      costTime: 15000,
      completeTime: 1698765432000,
      createTime: 1698765400000,
      updateTime: 1698765432000,
    }
    expect(taskFromRecord('market', success, 'task_12345678')).toEqual({
      taskId: 'task_12345678',
      family: 'market',
      state: 'success',
      resultUrls: ['https://tempfile.aiquickdraw.com/x.jpg'],
      failCode: null,
      failMessage: null,
      creditsConsumed: null,
      createdAt: new Date(1698765400000),
      completedAt: new Date(1698765432000),
    })
    const fail = { ...success, state: 'fail', resultJson: '', failCode: '422', failMsg: 'Invalid prompt' }
    expect(taskFromRecord('market', fail, 'x')).toMatchObject({
      state: 'fail',
      resultUrls: [],
      failCode: '422',
      failMessage: 'Invalid prompt',
    })
    expect(taskFromRecord('market', { ...success, state: 'waiting', resultJson: '' }, 'x').state).toBe('pending')
    expect(taskFromRecord('market', { ...success, state: 'queuing', resultJson: '' }, 'x').state).toBe('pending')
    expect(taskFromRecord('market', { ...success, state: 'generating', resultJson: '' }, 'x').state).toBe('running')
    // a state Kie added later: successFlag decides (1 success, 2/3 failed), else still running
    expect(taskFromRecord('market', { ...fail, state: 'aborted', successFlag: 3 }, 'x')).toMatchObject({
      state: 'fail',
      failCode: '422',
    })
    expect(taskFromRecord('market', { ...fail, state: undefined, successFlag: 2 }, 'x').state).toBe('fail')
    expect(taskFromRecord('market', { ...success, state: 'finished', successFlag: 1 }, 'x').state).toBe('success')
    expect(taskFromRecord('market', { ...success, state: 'mystery', resultJson: '' }, 'x').state).toBe('running')
  })

  it('veo record-info (successFlag, string times)', () => {
    const data = {
      taskId: 'veo_task_abcdef123456',
      paramJson: '{}',
      completeTime: '2025-06-06 10:30:00',
      createTime: '2025-06-06 10:25:00',
      response: {
        taskId: 'veo_task_abcdef123456',
        resultUrls: ['https://x/video1.mp4'],
        originUrls: [],
        resolution: '1080p',
      },
      successFlag: 1,
      errorCode: null,
      errorMessage: '',
      fallbackFlag: false,
    }
    expect(taskFromRecord('veo', data, 'veo_task_abcdef123456')).toMatchObject({
      state: 'success',
      resultUrls: ['https://x/video1.mp4'],
      createdAt: new Date('2025-06-06T10:25:00Z'),
      completedAt: new Date('2025-06-06T10:30:00Z'),
    })
    expect(taskFromRecord('veo', { ...data, successFlag: 0, response: null }, 'v').state).toBe('running')
    expect(
      taskFromRecord('veo', { ...data, successFlag: 3, errorCode: 501, errorMessage: 'failed' }, 'v'),
    ).toMatchObject({ state: 'fail', failCode: '501', failMessage: 'failed' })
  })

  it('suno record-info (status, sunoData)', () => {
    const data = {
      taskId: '5c79be8e',
      parentMusicId: '',
      param: '{}',
      type: 'GENERATE',
      status: 'SUCCESS',
      errorCode: null,
      errorMessage: null,
      response: {
        taskId: '5c79be8e',
        sunoData: [{ id: 'e231', audioUrl: 'https://x/a.mp3', createTime: '2025-01-01 00:00:00', duration: 198.44 }],
      },
    }
    expect(taskFromRecord('suno', data, '5c79be8e')).toMatchObject({
      state: 'success',
      resultUrls: ['https://x/a.mp3'],
      createdAt: new Date('2025-01-01T00:00:00Z'),
    })
    expect(taskFromRecord('suno', { ...data, status: 'FIRST_SUCCESS' }, 's').state).toBe('running')
    expect(taskFromRecord('suno', { ...data, status: 'PENDING', response: null }, 's').state).toBe('pending')
    expect(
      taskFromRecord(
        'suno',
        { ...data, status: 'SENSITIVE_WORD_ERROR', response: null, errorMessage: 'bad words' },
        's',
      ),
    ).toMatchObject({
      state: 'fail',
      failCode: 'SENSITIVE_WORD_ERROR',
      failMessage: 'bad words',
    })
    expect(taskFromRecord('suno', { ...data, status: 'CALLBACK_EXCEPTION' }, 's').state).toBe('success')
    // the track ids, aligned with the URLs (an extension names its source track by id)
    expect(taskFromRecord('suno', data, '5c79be8e').trackIds).toEqual(['e231'])
    const pending = { id: 'f000', audioUrl: '' }
    expect(
      taskFromRecord('suno', { ...data, response: { sunoData: [pending, ...data.response.sunoData] } }, 's').trackIds,
    ).toEqual(['e231'])
    // Suno's own title and lyrics, aligned with the URLs; none when the tracks carry neither
    expect(taskFromRecord('suno', data, '5c79be8e').trackTexts).toBeUndefined()
    const sung = {
      ...data,
      response: {
        sunoData: [
          pending,
          { id: 'a', audioUrl: 'https://x/a.mp3', title: ' Fox in the Snow ', prompt: '[Verse]\nSnow falls' },
          { id: 'b', audioUrl: 'https://x/b.mp3', title: 'Fox in the Snow', prompt: '' },
        ],
      },
    }
    expect(taskFromRecord('suno', sung, 's').trackTexts).toEqual({
      titles: ['Fox in the Snow', 'Fox in the Snow'],
      lyrics: ['[Verse]\nSnow falls', ''],
    })
  })

  it('runway record-detail (state names of its own)', () => {
    const data = {
      taskId: 'ee603959',
      parentTaskId: '',
      state: 'success',
      generateTime: '2023-08-15 14:30:45',
      generateParam: { prompt: 'p' },
      videoInfo: { videoId: '485d', taskId: 'ee603959', videoUrl: 'https://x/v.mp4', imageUrl: 'https://x/v.png' },
      failCode: null,
      failMsg: '',
      expireFlag: 0,
    }
    expect(taskFromRecord('runway', data, 'ee603959')).toMatchObject({
      state: 'success',
      resultUrls: ['https://x/v.mp4'],
      createdAt: new Date('2023-08-15T14:30:45Z'),
    })
    expect(taskFromRecord('runway', { ...data, state: 'wait', videoInfo: null }, 'r').state).toBe('pending')
    expect(taskFromRecord('runway', { ...data, state: 'queueing', videoInfo: null }, 'r').state).toBe('pending')
    expect(
      taskFromRecord('runway', { ...data, state: 'fail', videoInfo: null, failCode: 400, failMsg: 'policy' }, 'r'),
    ).toMatchObject({ state: 'fail', failCode: '400' })
  })

  it('flux-kontext and gpt4o-image record-info', () => {
    expect(
      taskFromRecord(
        'flux-kontext',
        {
          taskId: 'f',
          successFlag: 1,
          response: { originImageUrl: 'o', resultImageUrl: 'https://x/f.png' },
          createTime: 1700000000000,
        },
        'f',
      ),
    ).toMatchObject({ state: 'success', resultUrls: ['https://x/f.png'], createdAt: new Date(1700000000000) })
    expect(
      taskFromRecord('flux-kontext', { taskId: 'f', successFlag: 2, errorCode: 400, errorMessage: 'x' }, 'f'),
    ).toMatchObject({ state: 'fail', failCode: '400' })
    const gpt = {
      taskId: 'g',
      paramJson: '{}',
      completeTime: 1700000001000,
      createTime: 1700000000000,
      response: { resultUrls: ['https://x/g.png'] },
      successFlag: 1,
      status: 'SUCCESS',
      errorCode: null,
      errorMessage: '',
      progress: '1.00',
    }
    expect(taskFromRecord('gpt4o-image', gpt, 'g')).toMatchObject({
      state: 'success',
      resultUrls: ['https://x/g.png'],
      completedAt: new Date(1700000001000),
    })
    expect(
      taskFromRecord('gpt4o-image', { ...gpt, successFlag: 0, status: 'GENERATING', response: null }, 'g').state,
    ).toBe('running')
    expect(
      taskFromRecord('gpt4o-image', { ...gpt, successFlag: 0, status: 'GENERATE_FAILED', response: null }, 'g'),
    ).toMatchObject({ state: 'fail', failCode: 'GENERATE_FAILED' })
  })

  it('midjourney record-info: successFlag, resultInfoJson.resultUrls[].resultUrl (the 4 images of kie-api.md §6.6)', () => {
    const urls = [0, 1, 2, 3].map((i) => `https://tempfile.aiquickdraw.com/v/42ea_0_${i}.jpeg`)
    const data = {
      taskId: '4edb3c5',
      taskType: 'mj_txt2img',
      paramJson: '{"prompt":"p"}',
      completeTime: '2024-03-20T10:30:00Z',
      createTime: '2024-03-20T10:29:00Z',
      resultInfoJson: { resultUrls: urls.map((resultUrl) => ({ resultUrl })) },
      successFlag: 1,
      errorCode: null,
      errorMessage: null,
    }
    expect(taskFromRecord('midjourney', data, '4edb3c5')).toEqual({
      taskId: '4edb3c5',
      family: 'midjourney',
      state: 'success',
      resultUrls: urls,
      failCode: null,
      failMessage: null,
      creditsConsumed: null,
      createdAt: new Date('2024-03-20T10:29:00Z'),
      completedAt: new Date('2024-03-20T10:30:00Z'),
    })
    // resultInfoJson as a JSON string, and plain URL strings, are read too
    expect(
      taskFromRecord('midjourney', { ...data, resultInfoJson: JSON.stringify({ resultUrls: urls }) }, 'm').resultUrls,
    ).toEqual(urls)
    expect(taskFromRecord('midjourney', { ...data, successFlag: 0, resultInfoJson: null }, 'm')).toMatchObject({
      state: 'running',
      resultUrls: [],
    })
    expect(
      taskFromRecord(
        'midjourney',
        { ...data, successFlag: 3, resultInfoJson: null, errorCode: 500, errorMessage: 'banned prompt' },
        'm',
      ),
    ).toMatchObject({
      state: 'fail',
      failCode: '500',
      failMessage: 'banned prompt',
      resultUrls: [],
    })
    expect(taskFromRecord('midjourney', { ...data, creditsConsumed: 30 }, 'm').creditsConsumed).toBe(30)
  })

  it('fills in the task id when the record omits it', () => {
    expect(taskFromRecord('veo', { successFlag: 0 }, 'given-id').taskId).toBe('given-id')
  })
})
