import {
  escapeHtml,
  fileExtension,
  mediaTypeOf,
  formatDeliveredItem,
  formatMediaRef,
  parseDeliveredItem,
  parseMediaRef,
  replyMarkup,
  resultItems,
  resultPoster,
  telegramFileIdOf,
  telegramFileRef,
  type DeliveredItem,
  type MediaRef,
} from '@kiebot/telegram'

describe('escapeHtml', () => {
  it('escapes what HTML parse mode reads, and nothing else', () => {
    expect(escapeHtml('<b>Tom & Jerry</b> > "quotes" \'stay\'')).toBe(
      '&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; &gt; "quotes" \'stay\'',
    )
    expect(escapeHtml('&amp;')).toBe('&amp;amp;')
    expect(escapeHtml('Привет, мир 🙂')).toBe('Привет, мир 🙂')
  })
})

describe('media references', () => {
  it('a user file and a URL round-trip through their stored form', () => {
    const refs: MediaRef[] = [
      { kind: 'telegram', fileId: 'AgACAgIAAxkBAAIB' },
      { kind: 'url', url: 'https://tempfile.aiquickdraw.com/a.png' },
    ]
    for (const ref of refs) expect(parseMediaRef(formatMediaRef(ref))).toEqual(ref)
    expect(telegramFileRef('abc')).toBe('tg:abc')
    expect(telegramFileIdOf('tg:abc')).toBe('abc')
    expect(telegramFileIdOf('https://example.com/tg:abc')).toBeNull()
  })

  it('refuses what is neither a user file nor an http(s) URL', () => {
    for (const value of ['tg:', 'ftp://example.com/a', 'file:///etc/passwd', '', 42, null, undefined, ['tg:abc']])
      expect(parseMediaRef(value)).toBeNull()
  })

  it('a delivered item is a file id or a link, and round-trips', () => {
    const items: DeliveredItem[] = [
      { kind: 'file', fileId: 'BQACAgIAAxkDAAIC' },
      { kind: 'link', url: 'https://files.example.com/big.png' },
    ]
    for (const item of items) expect(parseDeliveredItem(formatDeliveredItem(item))).toEqual(item)
    expect(formatDeliveredItem({ kind: 'link', url: 'https://x.example/a.mp4' })).toBe('link:https://x.example/a.mp4')
  })

  it("a result's items: the delivered ones, then Kie's links for items Telegram never took", () => {
    expect(
      resultItems({
        telegramFileIds: ['F1', 'link:https://x.example/2.png'],
        resultUrls: ['https://x.example/1.png', 'https://x.example/2.png', 'https://x.example/3.png'],
      }),
    ).toEqual([
      { kind: 'file', fileId: 'F1' },
      { kind: 'link', url: 'https://x.example/2.png' },
      { kind: 'link', url: 'https://x.example/3.png' },
    ])
    expect(resultItems({ telegramFileIds: [], resultUrls: [] })).toEqual([])
  })

  it("a delivered video's poster: its thumbnail's file id where one is kept, never for a link", () => {
    const generation = {
      telegramFileIds: ['V1', 'link:https://x.example/2.mp4', 'V3', 'V4'],
      telegramThumbnailIds: ['P1', 'P2', ''],
    }
    expect(resultPoster(generation, 0)).toEqual({ kind: 'file', fileId: 'P1' })
    expect([1, 2, 3, 4, -1].map((index) => resultPoster(generation, index))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })
})

describe('replyMarkup', () => {
  it('is empty without buttons', () => {
    expect(replyMarkup(undefined)).toEqual({})
    expect(replyMarkup([])).toEqual({})
    expect(replyMarkup([[{ text: 'a', callback_data: 'menu' }]])).toEqual({
      reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'menu' }]] },
    })
  })
})

describe('media types by extension', () => {
  it('knows the files this product stores and sends, and nothing else', () => {
    expect(mediaTypeOf('photos/file_1.JPG')).toBe('image/jpeg')
    expect(mediaTypeOf('videos/file_2.mp4')).toBe('video/mp4')
    expect(mediaTypeOf('music/file_3.m4a')).toBe('audio/mp4')
    // an allowlist: a page or a script is never served with its own type
    expect(mediaTypeOf('documents/page.html')).toBeUndefined()
    expect(mediaTypeOf('documents/no-extension')).toBeUndefined()
    expect(fileExtension('a/b.WebM')).toBe('webm')
    expect(fileExtension('a/b.toolongext')).toBeUndefined()
  })
})
