// @ts-check
/**
 * How the chat page shows a bot's text: Telegram's HTML subset (parse_mode "HTML") turned into
 * safe HTML for innerHTML. Only b, i, u, s, code, pre and a (http, https, mailto, tg links) come
 * out as tags (strong/em/ins/strike/del become b/i/u/s); Telegram's other tags (tg-spoiler, span,
 * blockquote, tg-emoji, tg-time) keep only their content; everything else, including unknown or
 * stray tags and all attributes but href, is escaped and shown as text. The output is always
 * balanced.
 *
 * A browser module, served as is; src/web/render.ts runs this same file on the server side and
 * in the unit tests, so the browser runs exactly the code that is tested.
 */

/** @type {Record<string, string>} */
var HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
/** @type {Record<string, string>} */
var TG_TAGS = {
  b: 'b',
  strong: 'b',
  i: 'i',
  em: 'i',
  u: 'u',
  ins: 'u',
  s: 's',
  strike: 's',
  del: 's',
  code: 'code',
  pre: 'pre',
  a: 'a',
}
var TG_CONTENT_ONLY = { 'tg-spoiler': true, span: true, blockquote: true, 'tg-emoji': true, 'tg-time': true }
/** @type {Record<string, string>} */
var TG_NAMED = { lt: '<', gt: '>', amp: '&', quot: '"' }
var TAG_PATTERN = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[a-zA-Z_][\w-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=]+))?)*)\s*(\/?)>/g
var ATTR_PATTERN = /([a-zA-Z_][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=]+)))?/g

/**
 * text → HTML text (& < > " ' escaped)
 * @param {unknown} text
 * @returns {string}
 */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return HTML_ESCAPES[c]
  })
}

/** Telegram decodes &lt; &gt; &amp; &quot; and numeric references; anything else stays as typed */
/** @param {string} text @returns {string} */
function decodeTelegramEntities(text) {
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]+);/g,
    /** @param {string} whole @param {string} name */ function (whole, name) {
      if (name.charAt(0) !== '#') return Object.prototype.hasOwnProperty.call(TG_NAMED, name) ? TG_NAMED[name] : whole
      var code =
        name.charAt(1) === 'x' || name.charAt(1) === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return whole
      return String.fromCodePoint(code)
    },
  )
}

/** @param {string} url @returns {string | null} */
function safeLinkUrl(url) {
  var trimmed = url.trim()
  return /^(https?:\/\/|mailto:|tg:\/\/)[^\s]*$/i.test(trimmed) ? trimmed : null
}

/** @param {string} attributes @param {string} wanted @returns {string | null} */
function tagAttribute(attributes, wanted) {
  ATTR_PATTERN.lastIndex = 0
  var match
  while ((match = ATTR_PATTERN.exec(attributes)) !== null) {
    if (match[1].toLowerCase() === wanted) {
      var value = match[2] !== undefined ? match[2] : match[3] !== undefined ? match[3] : match[4]
      return value === undefined ? '' : decodeTelegramEntities(value)
    }
  }
  return null
}

// a URL as Telegram's clients find it in plain text, and a /command at the start or after a space
var LINKIFY_PATTERN =
  /(\bhttps?:\/\/[^\s<>"'«»]+)|(^|[\s(«"'])(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)(?![\w/@])/g
// punctuation that ends a sentence rather than the URL
var URL_TRAILER = /[.,;:!?)\]}»'"]$/

/** @param {string} url @returns {string} */
function linkTag(url) {
  var safe = escapeHtml(url)
  return '<a href="' + safe + '" target="_blank" rel="noopener noreferrer nofollow">' + safe + '</a>'
}

/**
 * Plain text → HTML text with its URLs as links and its /commands as command links
 * (`<a class="bot-command" data-command="/x">`, which the page sends when clicked), everything
 * else escaped: what Telegram's clients do to a bot's text.
 * @param {unknown} text
 * @returns {string}
 */
export function linkifyText(text) {
  var source = String(text === undefined || text === null ? '' : text)
  var out = ''
  var last = 0
  var match
  LINKIFY_PATTERN.lastIndex = 0
  while ((match = LINKIFY_PATTERN.exec(source)) !== null) {
    if (match[1] !== undefined) {
      var url = match[1]
      while (URL_TRAILER.test(url)) {
        // a closing bracket that the URL opened stays in it (https://en.wikipedia.org/wiki/X_(y))
        if (url.charAt(url.length - 1) === ')' && url.split('(').length > url.split(')').length - 1) break
        url = url.slice(0, -1)
      }
      if (!/^https?:\/\/[^/?#\s]+/.test(url)) continue
      out += escapeHtml(source.slice(last, match.index)) + linkTag(url)
      last = match.index + url.length
      LINKIFY_PATTERN.lastIndex = last
      continue
    }
    var command = match[3]
    var start = match.index + match[2].length
    out +=
      escapeHtml(source.slice(last, start)) +
      '<a href="#" class="bot-command" data-command="' +
      escapeHtml(command) +
      '">' +
      escapeHtml(command) +
      '</a>'
    last = start + command.length
  }
  return out + escapeHtml(source.slice(last))
}

/**
 * Telegram HTML (as the bot sent it) → safe HTML with only b, i, u, s, code, pre, a; URLs and
 * /commands in its text (outside links and code) become links too (linkifyText)
 * @param {unknown} source
 * @returns {string}
 */
export function renderTelegramHtml(source) {
  var html = String(source === undefined || source === null ? '' : source)
  var out = ''
  /** @type {{ name: string, close: string }[]} */
  var open = []
  var last = 0
  var match
  /** @param {string} raw text between tags: linkified unless inside a link or code */
  var textOf = function (raw) {
    var plain = open.some(function (o) {
      return o.name === 'a' || o.name === 'code' || o.name === 'pre'
    })
    return plain ? escapeHtml(decodeTelegramEntities(raw)) : linkifyText(decodeTelegramEntities(raw))
  }
  TAG_PATTERN.lastIndex = 0
  while ((match = TAG_PATTERN.exec(html)) !== null) {
    out += textOf(html.slice(last, match.index))
    last = TAG_PATTERN.lastIndex
    var closing = match[1] === '/'
    var name = match[2].toLowerCase()
    var tag = Object.prototype.hasOwnProperty.call(TG_TAGS, name) ? TG_TAGS[name] : null
    var contentOnly = Object.prototype.hasOwnProperty.call(TG_CONTENT_ONLY, name)
    if ((!tag && !contentOnly) || match[4] === '/' || (closing && match[3] !== '')) {
      out += escapeHtml(match[0])
      continue
    }
    if (closing) {
      var at = -1
      for (var k = open.length - 1; k >= 0; k--)
        if (open[k].name === name) {
          at = k
          break
        }
      if (at < 0) {
        out += escapeHtml(match[0])
        continue
      }
      while (open.length > at) out += /** @type {{ close: string }} */ (open.pop()).close
      continue
    }
    if (contentOnly) {
      open.push({ name: name, close: '' })
    } else if (tag === 'a') {
      var href = safeLinkUrl(tagAttribute(match[3], 'href') || '')
      if (href) {
        out += '<a href="' + escapeHtml(href) + '" target="_blank" rel="noopener noreferrer nofollow">'
        open.push({ name: name, close: '</a>' })
      } else {
        open.push({ name: name, close: '' })
      }
    } else {
      out += '<' + tag + '>'
      open.push({ name: name, close: '</' + tag + '>' })
    }
  }
  out += textOf(html.slice(last))
  while (open.length > 0) out += /** @type {{ close: string }} */ (open.pop()).close
  return out
}
