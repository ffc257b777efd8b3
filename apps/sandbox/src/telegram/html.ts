/**
 * parse_mode "HTML": turns Telegram's HTML subset into plain text + entities, and rejects what
 * Telegram rejects ("Bad Request: can't parse entities: ..."): unknown or unclosed tags, stray
 * end tags, a bare "<". Entity offsets are in UTF-16 code units, error offsets in UTF-8 bytes.
 */
import { badRequest, type ApiError } from './errors'
import type { MessageEntity } from './types'

const SIMPLE_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' }

interface OpenTag {
  name: string
  offset: number
  entity: Omit<MessageEntity, 'offset' | 'length'>
}

export interface ParsedText {
  text: string
  entities: MessageEntity[]
}

const fail = (reason: string): ApiError => badRequest(`can't parse entities: ${reason}`)
const byteOffset = (source: string, index: number): number => Buffer.byteLength(source.slice(0, index))

export function parseHtml(source: string): ParsedText {
  let text = ''
  const entities: MessageEntity[] = []
  const open: OpenTag[] = []
  let i = 0
  while (i < source.length) {
    const char = source[i] as string
    if (char === '&') {
      const match = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(source.slice(i, i + 12))
      const name = match?.[1]
      if (name === undefined) {
        text += char
        i++
        continue
      }
      const decoded = name.startsWith('#') ? decodeNumeric(name) : NAMED_ENTITIES[name]
      text += decoded ?? match?.[0] ?? ''
      i += match?.[0].length ?? 1
      continue
    }
    if (char !== '<') {
      text += char
      i++
      continue
    }
    const end = source.indexOf('>', i)
    if (end < 0) throw fail(`Unclosed start tag at byte offset ${byteOffset(source, i)}`)
    const tag = source.slice(i + 1, end)
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim().toLowerCase()
      const top = open.pop()
      if (!top || (name !== '' && top.name !== name)) {
        throw fail(
          `Unmatched end tag at byte offset ${byteOffset(source, i)}, expected "</${top?.name ?? ''}>", found "</${name}>"`,
        )
      }
      const length = text.length - top.offset
      const last = entities[entities.length - 1]
      // <pre><code class="language-x">…</code></pre> is one pre entity with a language
      const merged =
        top.name === 'pre' &&
        last?.type === 'pre' &&
        last.language !== undefined &&
        last.offset === top.offset &&
        last.length === length
      if (length > 0 && !merged) entities.push({ ...top.entity, offset: top.offset, length })
    } else {
      open.push(startTag(tag, text.length, byteOffset(source, i)))
    }
    i = end + 1
  }
  const unclosed = open.pop()
  if (unclosed) throw fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`)
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length)
  return { text, entities }
}

function decodeNumeric(name: string): string | undefined {
  const code =
    name.startsWith('#x') || name.startsWith('#X') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"']+))`, 'i').exec(tag)
  const value = match?.[1] ?? match?.[2] ?? match?.[3]
  return value
    ?.replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function startTag(tag: string, offset: number, at: number): OpenTag {
  const name = (/^[a-z][a-z0-9-]*/i.exec(tag)?.[0] ?? '').toLowerCase()
  const simple = SIMPLE_TAGS[name]
  if (name === 'a') {
    const href = attribute(tag, 'href')
    if (!href) throw fail(`Can't find href attribute of tag "a" at byte offset ${at}`)
    const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href)
    const entity = mention
      ? { type: 'text_mention', user: { id: Number(mention[1]), is_bot: false, first_name: '' } }
      : { type: 'text_link', url: href }
    return { name, offset, entity }
  }
  if (name === 'span') {
    if (attribute(tag, 'class') !== 'tg-spoiler')
      throw fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`)
    return { name, offset, entity: { type: 'spoiler' } }
  }
  if (name === 'tg-emoji') {
    const id = attribute(tag, 'emoji-id')
    if (!id) throw fail(`Can't find emoji-id attribute of tag "tg-emoji" at byte offset ${at}`)
    return { name, offset, entity: { type: 'custom_emoji', custom_emoji_id: id } }
  }
  if (name === 'blockquote' && /\sexpandable(\s|$|=)/i.test(tag)) {
    return { name, offset, entity: { type: 'expandable_blockquote' } }
  }
  if (name === 'code') {
    const language = /^language-(.+)$/.exec(attribute(tag, 'class') ?? '')?.[1]
    return { name, offset, entity: language ? { type: 'pre', language } : { type: 'code' } }
  }
  if (!simple) throw fail(`Unsupported start tag "${name}" at byte offset ${at}`)
  return { name, offset, entity: { type: simple } }
}
