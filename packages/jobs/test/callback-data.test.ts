import {
  ALL_CALLBACKS,
  CALLBACK_DATA_MAX_BYTES,
  callbackData,
  callbacks,
  findCallback,
  type CallbackCodec,
} from '@kiebot/jobs'

// Callback data is persisted in every message the bot ever sent: these are the strings
// buttons carried before the codecs existed, and each must still name the same action
// with the same arguments.

const U = '7f3c2a8e-4b1d-4c7a-9e2f-0a1b2c3d4e5f'
const D = 'Ab_9-xYz'

/** Each codec under its path in `callbacks` ("admin.stats"). */
function named(group: object, path: string[] = []): [string, CallbackCodec<unknown>][] {
  return Object.entries(group).flatMap(([key, value]) =>
    'match' in value
      ? [[[...path, key].join('.'), value as CallbackCodec<unknown>] as [string, CallbackCodec<unknown>]]
      : named(value as object, [...path, key]),
  )
}
const NAMED = new Map(named(callbacks).map(([name, codec]) => [codec, name]))

/** Today's strings: data, the action it names, its arguments. */
const LEGACY: [string, string, Record<string, unknown>][] = [
  ['menu', 'menu', {}],
  ['help', 'help', {}],
  ['bal', 'balance', {}],
  ['top', 'topup', {}],
  ['p:250', 'pack', { stars: 250 }],
  ['p:100000', 'pack', { stars: 100000 }],
  ['lang', 'languageMenu', {}],
  ['l:ru', 'language', { lang: 'ru' }],
  ['l:en', 'language', { lang: 'en' }],
  ['c:image:0', 'category', { category: 'image', page: 0 }],
  ['c:video:12', 'category', { category: 'video', page: 12 }],
  ['c:audio:3', 'category', { category: 'audio', page: 3 }],
  ['m:nano-banana', 'model', { slug: 'nano-banana' }],
  ['w:veo-3-1-fast', 'startWizard', { slug: 'veo-3-1-fast' }],
  [`o:${D}:2:14`, 'wizardOption', { draftId: D, fieldIndex: 2, optionIndex: 14 }],
  [`s:${D}:0`, 'wizardSkip', { draftId: D, fieldIndex: 0 }],
  [`d:${D}:3`, 'wizardDone', { draftId: D, fieldIndex: 3 }],
  [`b:${D}`, 'wizardBack', { draftId: D }],
  [`x:${D}`, 'wizardCancel', { draftId: D }],
  [`tp:${D}:${U}`, 'wizardTask', { draftId: D, pickId: U }],
  [`tp:${D}:${U}:1`, 'wizardTask', { draftId: D, pickId: `${U}:1` }],
  [`y:${D}`, 'confirm', { draftId: D }],
  [`e:${D}`, 'edit', { draftId: D }],
  [`ef:${D}:3`, 'editField', { draftId: D, fieldIndex: 3 }],
  [`ed:${D}`, 'editDone', { draftId: D }],
  [`wr:${D}:1:0`, 'wizardRemoveFile', { draftId: D, fieldIndex: 1, fileIndex: 0 }],
  ['h:0', 'history', { page: 0 }],
  ['h:1234', 'history', { page: 1234 }],
  [`rs:${U}`, 'resend', { generationId: U }],
  [`rp:${U}`, 'repeat', { generationId: U }],
  [`mc:${U}`, 'confirmMeasured', { generationId: U }],
  [`gc:${U}`, 'cancelGeneration', { generationId: U }],
  ['ct', 'catalog', {}],
  ['pop:0', 'popular', { page: 0 }],
  ['pop:12', 'popular', { page: 12 }],
  ['tk:text-to-image:0', 'task', { task: 'text-to-image', page: 0 }],
  ['tk:photo-to-video:3', 'task', { task: 'photo-to-video', page: 3 }],
  ['vns', 'vendors', {}],
  ['vn:google:0', 'vendor', { vendor: 'google', page: 0 }],
  ['vn:elevenlabs:2', 'vendor', { vendor: 'elevenlabs', page: 2 }],
  [`rq:${U}`, 'resultEditPrompt', { generationId: U }],
  [`ro:${U}:0`, 'resultOriginal', { generationId: U, index: 0 }],
  [`ru:${U}:3`, 'resultUse', { generationId: U, index: 3 }],
  [`rt:${U}:0:animate`, 'resultUseTask', { generationId: U, index: 0, task: 'animate' }],
  [`rm:${U}:1:12`, 'resultUseModel', { generationId: U, index: 1, target: 12 }],
  [`fv:${U}:0`, 'favorite', { generationId: U, index: 0 }],
  ['fl:0', 'favorites', { page: 0 }],
  [`fs:${U}:2`, 'favoriteSend', { generationId: U, index: 2 }],
  [`fd:${U}:1`, 'favoriteRemove', { generationId: U, index: 1 }],
  ['pf:set', 'settings', {}],
  ['pf:auto:0', 'autoConfirm', { kopecks: 0 }],
  ['pf:auto:2500', 'autoConfirm', { kopecks: 2500 }],
  [`pf:ft:${D}`, 'fileTasks', { sentId: D }],
  [`pf:fk:${D}:image-edit:0`, 'fileTask', { sentId: D, task: 'image-edit', page: 0 }],
  [`pf:fk:${D}:background-removal:3`, 'fileTask', { sentId: D, task: 'background-removal', page: 3 }],
  [`pf:fm:${D}:nano-banana-edit`, 'fileModel', { sentId: D, slug: 'nano-banana-edit' }],
  ['pf:g:nano-banana', 'genSuggestion', { slug: 'nano-banana' }],
  [`fpe:${U}`, 'failedEditPrompt', { generationId: U }],
  ['promo', 'promo', {}],
  ['a:home', 'admin.home', {}],
  ['a:stats', 'admin.stats', {}],
  ['a:user', 'admin.findUser', {}],
  ['a:u:900000001', 'admin.user', { userId: 900000001n }],
  ['a:adj:123456789', 'admin.adjust', { userId: 123456789n }],
  ['a:ban:123456789', 'admin.ban', { userId: 123456789n }],
  [`a:rf:${U}`, 'admin.refund', { paymentId: U }],
  [`a:rfy:${U}`, 'admin.refundConfirmed', { paymentId: U }],
  ['a:models:0', 'admin.models', { page: 0 }],
  ['a:models:11', 'admin.models', { page: 11 }],
  ['a:mt:nano-banana', 'admin.modelToggle', { slug: 'nano-banana' }],
  ['a:mp:suno-song', 'admin.modelPrice', { slug: 'suno-song' }],
  ['a:bc', 'admin.broadcast', {}],
  [`a:bcy:${D}`, 'admin.broadcastSend', { broadcastId: D }],
  [`a:bcn:${D}`, 'admin.broadcastCancel', { broadcastId: D }],
  ['a:und', 'admin.undelivered', {}],
  [`a:undr:${U}`, 'admin.undeliveredResend', { generationId: U }],
  ['a:cat', 'admin.catalog', {}],
  ['a:catr', 'admin.catalogSync', {}],
  ['a:catl:nano-banana-2', 'admin.catalogLower', { slug: 'nano-banana-2' }],
  ['a:cate:hailuo-02-pro', 'admin.catalogEnable', { slug: 'hailuo-02-pro' }],
  ['a:pin:nano-banana', 'admin.modelPin', { slug: 'nano-banana' }],
  ['a:promo:0', 'admin.promos', { page: 0 }],
  ['a:promon', 'admin.promoNew', {}],
  [`a:promov:${U}`, 'admin.promoView', { promoId: U }],
  [`a:promox:${U}`, 'admin.promoDisable', { promoId: U }],
  // an admin section no panel renders any more still opens the panel's home
  ['a:whatever:1', 'admin.other', { section: 'whatever:1' }],
]

/** Data no button of ours carries (answered "no longer active"). */
const FOREIGN = [
  '',
  'zzz:1',
  'menu:1',
  'p:',
  'p:1234567',
  'l:de',
  'c:text:0',
  'c:image:1000',
  'm:Nano',
  `m:${'a'.repeat(33)}`,
  'o:short:1:1',
  `y:${D}x`,
  'h:-1',
  'rs:not-a-uuid',
  `a:${'x'.repeat(61)}`,
  'a:',
  'a:bad chars',
]

describe('callback data codecs', () => {
  it.each(LEGACY)('%s still names the same action', (data, action, args) => {
    const found = findCallback(data)
    expect({ data, action: found && NAMED.get(found.codec), args: found?.args }).toEqual({ data, action, args })
    const codec = found!.codec
    // the codec renders exactly the string it reads, and its matcher agrees
    expect(codec.pack(found!.args)).toBe(data)
    expect(codec.match.test(data)).toBe(true)
  })

  it('every codec packs what it unpacks, and is reached by the table', () => {
    for (const codec of ALL_CALLBACKS) {
      const name = NAMED.get(codec)!
      const rows = LEGACY.filter(([, action]) => action === name)
      expect({ name, rows: rows.length > 0 }).toEqual({ name, rows: true })
      for (const [data, , args] of rows) {
        expect(codec.unpack(codec.pack(args as never))).toEqual(args)
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES)
      }
    }
  })

  it('a string is read by one codec only (the admin catch-all aside)', () => {
    for (const [data, action] of LEGACY) {
      const readers = ALL_CALLBACKS.filter((codec) => codec.unpack(data) !== undefined).map((codec) => NAMED.get(codec))
      expect({ data, readers: readers.filter((n) => n !== 'admin.other') }).toEqual({
        data,
        readers: action === 'admin.other' ? [] : [action],
      })
    }
    const prefixes = ALL_CALLBACKS.map((codec) => codec.prefix)
    expect(new Set(prefixes).size).toBe(prefixes.length)
  })

  it.each(FOREIGN)('%j is no button of ours', (data) => {
    expect(findCallback(data)).toBeUndefined()
  })

  it('the renderers short form packs the same strings', () => {
    expect([
      callbackData.menu(),
      callbackData.help(),
      callbackData.balance(),
      callbackData.topup(),
      callbackData.pack(250),
      callbackData.language('en'),
      callbackData.languageMenu(),
      callbackData.category('video'),
      callbackData.category('audio', 2),
      callbackData.model('nano-banana'),
      callbackData.startWizard('nano-banana'),
      callbackData.wizardOption(D, 1, 2),
      callbackData.wizardSkip(D, 1),
      callbackData.wizardDone(D, 1),
      callbackData.wizardTask(D, U),
      callbackData.wizardBack(D),
      callbackData.wizardCancel(D),
      callbackData.confirm(D),
      callbackData.edit(D),
      callbackData.history(),
      callbackData.history(3),
      callbackData.resend(U),
      callbackData.repeat(U),
      callbackData.confirmMeasured(U),
      callbackData.cancelGeneration(U),
    ]).toEqual([
      'menu',
      'help',
      'bal',
      'top',
      'p:250',
      'l:en',
      'lang',
      'c:video:0',
      'c:audio:2',
      'm:nano-banana',
      'w:nano-banana',
      `o:${D}:1:2`,
      `s:${D}:1`,
      `d:${D}:1`,
      `tp:${D}:${U}`,
      `b:${D}`,
      `x:${D}`,
      `y:${D}`,
      `e:${D}`,
      'h:0',
      'h:3',
      `rs:${U}`,
      `rp:${U}`,
      `mc:${U}`,
      `gc:${U}`,
    ])
  })
})
