// @ts-check
/**
 * The chat page's script (a browser module, no build step; type-checked by client/tsconfig.json).
 * It talks only to the Telegram emulator's control API under /_control/telegram (users,
 * transcript, messages, media, callback, pay, files, SSE events), to the Kie emulator's under
 * /kie/_control (its panel) and to /chat/config.json; it never sees a bot token.
 */
import { escapeHtml, linkifyText, renderTelegramHtml } from './render.js'
import { TEXTS } from './texts.js'

var API = '/_control/telegram'
var KIE_API = '/kie/_control'
/** how a failure chosen in the Kie panel reads (Kie's own wording and codes) */
/** @type {Record<string, { failCode: string, failMessage: string }>} */
var KIE_FAILURES = {
  policy: {
    failCode: '400',
    failMessage: 'Your prompt was flagged by the content policy. Please modify it and try again.',
  },
  input: { failCode: '422', failMessage: 'The input image could not be processed: unsupported or corrupted file.' },
  busy: { failCode: '500', failMessage: 'Server is busy, please try again later.' },
}
/** the Kie panel's slow timeline (ms after the create: queuing, generating, done) */
var KIE_SLOW_TIMELINE = { queuingMs: 2000, generatingMs: 6000, completeMs: 45000 }
/** the emulator's own timeline (what "slow" switched off goes back to) */
var KIE_DEFAULT_TIMELINE = { queuingMs: 30, generatingMs: 80, completeMs: 200 }
var EVENT_TYPES = [
  'message',
  'message_edited',
  'message_deleted',
  'chat_action',
  'callback_answered',
  'pre_checkout_query',
  'payment_failed',
  'chat_blocked',
]
/** @type {Record<string, string>} */
var ACTION_TEXTS = {
  typing: 'typing',
  upload_photo: 'uploadPhoto',
  upload_video: 'uploadVideo',
  record_video: 'uploadVideo',
  upload_voice: 'uploadAudio',
  record_voice: 'uploadAudio',
  upload_document: 'uploadDocument',
}
/**
 * An element of the page by id (the page's HTML has every id this script uses).
 * @param {string} id
 * @returns {HTMLElement}
 */
var $ = function (id) {
  var element = document.getElementById(id)
  if (!element) throw new Error('the page has no #' + id)
  return element
}
/** @param {string} id @returns {HTMLInputElement} */
var $input = function (id) {
  return /** @type {HTMLInputElement} */ ($(id))
}
/** @param {string} id @returns {HTMLTextAreaElement} */
var $textarea = function (id) {
  return /** @type {HTMLTextAreaElement} */ ($(id))
}
/** @param {string} id @returns {HTMLSelectElement} */
var $select = function (id) {
  return /** @type {HTMLSelectElement} */ ($(id))
}
/** @param {string} id @returns {HTMLButtonElement} */
var $button = function (id) {
  return /** @type {HTMLButtonElement} */ ($(id))
}

/**
 * A message of the transcript, as the control API lists it (the fields this page reads).
 * @typedef {{
 *   messageId: number, direction: 'in' | 'out', kind: string, text?: string, rawText?: string, parseMode?: string,
 *   deleted?: boolean, date?: number, replyKeyboard?: { keyboard: { text: string }[][], one_time_keyboard?: boolean },
 *   [key: string]: any
 * }} Entry
 */
/** @typedef {{ id: number, first_name: string, last_name?: string, language_code?: string, is_bot?: boolean }} User */
/** An event of the control API's SSE stream (`type` says which fields it has). @typedef {{ type: string, [key: string]: any }} ControlEvent */
/** A Bot API message as the control API returns it. @typedef {{ message_id: number, date: number, text?: string, caption?: string, [key: string]: any }} TgMessage */

var state = {
  /** @type {import('./texts.js').PageLanguage} */
  lang: 'ru',
  /** @type {User[]} */
  users: [],
  /** @type {number | null} */
  userId: null,
  /** @type {Map<number, Entry>} */
  entries: new Map(),
  /** @type {any} the page's config.json */
  config: null,
  /** @type {EventSource | null} */
  source: null,
  lastSeq: 0,
  syncing: false,
  /** @type {any[]} events that arrived while the transcript was being read */
  buffer: [],
  reconnectDelay: 1000,
  /** @type {number | undefined} */
  reconnectTimer: undefined,
  /** @type {number | undefined} */
  actionTimer: undefined,
  /** @type {string | null} */
  action: null,
  paying: 0,
  /** @type {Map<string, HTMLButtonElement>} callback query id → the button pressed */
  pendingButtons: new Map(),
  /** @type {Map<number, { text: string, className: string }>} invoice message id → how its payment ended */
  payments: new Map(),
  /** @type {{ command: string, description: string }[]} the bot's commands for this user */
  commands: [],
  /** index of the highlighted command suggestion (-1: none) */
  commandIndex: -1,
  /** @type {any} the Kie emulator's settings as last read */
  kie: null,
  /** @type {number | undefined} re-reads the Kie state while its panel is open */
  kieTimer: undefined,
  /** @type {'light' | 'dark'} the theme the Mini App panel gives the app (themeParams) */
  webAppTheme: 'light',
  /** @type {{ text: string, url: string } | null} the chat's web_app menu button (setChatMenuButton) */
  menuWebApp: null,
  /** @type {number | undefined} */
  menuTimer: undefined,
}

// ---------- texts ----------

/** @param {string | null} key @returns {string} */
function t(key) {
  return key === null ? '' : (TEXTS[state.lang] && TEXTS[state.lang][key]) || TEXTS.en[key] || key
}

function applyTexts() {
  document.documentElement.lang = state.lang
  document.title = t('pageTitle')
  document.querySelectorAll('[data-t]').forEach(function (el) {
    el.textContent = t(el.getAttribute('data-t'))
  })
  document.querySelectorAll('[data-t-placeholder]').forEach(function (el) {
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)
      el.placeholder = t(el.getAttribute('data-t-placeholder'))
  })
  document.querySelectorAll('[data-t-title]').forEach(function (el) {
    if (el instanceof HTMLElement) el.title = t(el.getAttribute('data-t-title'))
  })
  document.querySelectorAll('#lang-switch button').forEach(function (b) {
    b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === state.lang))
  })
  if (state.config && state.config.bot) $('bot-name').textContent = state.config.bot.firstName
  renderUsers()
  renderAdminToggle()
  renderKie()
  renderStatus()
  state.entries.forEach(function (entry) {
    upsert(entry)
  })
}

/** @param {string | null} lang */
function setLanguage(lang) {
  state.lang = lang === 'en' ? 'en' : 'ru'
  try {
    localStorage.setItem('sandboxChat.lang', state.lang)
  } catch {
    /* private mode */
  }
  $select('new-user-lang').value = state.lang
  applyTexts()
}

// ---------- HTTP ----------

/**
 * A call of the control API; its `result`, or an Error with its `error`.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body] JSON, or a FormData (multipart)
 * @returns {Promise<any>}
 */
async function api(method, path, body) {
  /** @type {RequestInit & { headers: Record<string, string> }} */
  var init = { method: method, headers: {} }
  if (body instanceof FormData) init.body = body
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  var res = await fetch(API + path, init)
  var data = await res.json().catch(function () {
    return { ok: false, error: 'HTTP ' + res.status }
  })
  if (!data.ok) throw new Error(data.error || 'HTTP ' + res.status)
  return data.result
}

/** @param {string} fileId */
function fileUrl(fileId) {
  return API + '/files/' + encodeURIComponent(fileId)
}

/** @param {string} text @param {string} [kind] '', 'error' or 'alert' */
function toast(text, kind) {
  var el = document.createElement('div')
  el.className = 'toast' + (kind ? ' ' + kind : '')
  el.textContent = text
  $('toasts').appendChild(el)
  setTimeout(
    function () {
      el.remove()
    },
    kind === 'alert' ? 6000 : 3500,
  )
}

/** @param {any} error */
function fail(error) {
  toast(t('error') + ': ' + (error && error.message ? error.message : String(error)), 'error')
}

// ---------- users ----------

/** @param {User} user */
function userLabel(user) {
  return (
    user.first_name +
    (user.last_name ? ' ' + user.last_name : '') +
    ' · ' +
    (user.language_code || '?') +
    ' · ' +
    user.id
  )
}

function renderUsers() {
  var select = $select('user-select')
  select.textContent = ''
  if (state.users.length === 0) {
    var none = document.createElement('option')
    none.value = ''
    none.textContent = t('noUsers')
    select.appendChild(none)
  }
  state.users.forEach(function (user) {
    var option = document.createElement('option')
    option.value = String(user.id)
    option.textContent = userLabel(user)
    select.appendChild(option)
  })
  if (state.userId !== null) select.value = String(state.userId)
}

/** the one-click switch between the sandbox's regular user and its admin (config.json names both) */
function renderAdminToggle() {
  var button = $button('admin-toggle')
  var config = state.config || {}
  var adminId = config.adminUserId
  var has = function (/** @type {unknown} */ id) {
    return state.users.some(function (u) {
      return u.id === id
    })
  }
  button.hidden = !has(adminId)
  var onAdmin = state.userId === adminId
  button.textContent = onAdmin ? t('regularUser') : t('adminUser')
  button.title = onAdmin ? t('regularUserTitle') : t('adminUserTitle')
  button.setAttribute('aria-pressed', String(onAdmin))
}

function toggleAdmin() {
  var config = state.config || {}
  if (state.userId === config.adminUserId) {
    var back = state.users.find(function (u) {
      return u.id !== config.adminUserId && u.id === config.defaultUserId
    })
    selectUser(back ? back.id : config.defaultUserId)
  } else selectUser(config.adminUserId)
}

async function loadUsers() {
  /** @type {User[]} */
  var users = await api('GET', '/users')
  state.users = users.filter(function (user) {
    return !user.is_bot
  })
  renderUsers()
}

/** @param {number} userId */
function selectUser(userId) {
  var user = state.users.find(function (u) {
    return u.id === userId
  })
  if (!user) return
  state.userId = user.id
  try {
    localStorage.setItem('sandboxChat.userId', String(user.id))
  } catch {
    /* private mode */
  }
  if (user.language_code) state.lang = user.language_code.slice(0, 2) === 'ru' ? 'ru' : 'en'
  state.entries = new Map()
  state.payments = new Map()
  document.querySelectorAll('#messages .msg, #messages .service').forEach(function (el) {
    el.remove()
  })
  state.lastSeq = 0
  setLanguage(state.lang)
  renderReplyKeyboard()
  connect()
  loadCommands()
  closeWebApp()
  loadMenuButton()
}

/** @param {string} text */
function setComposer(text) {
  var input = $textarea('text')
  input.value = text
  fitComposer()
}

/** @param {Event} event */
async function createUser(event) {
  event.preventDefault()
  var name = $input('new-user-name').value.trim()
  if (!name) return
  try {
    /** @type {User} */
    var user = await api('POST', '/users', { first_name: name, language_code: $select('new-user-lang').value })
    state.users.push(user)
    $input('new-user-name').value = ''
    $('new-user-form').hidden = true
    toast(t('userCreated') + ': ' + userLabel(user))
    selectUser(user.id)
  } catch (error) {
    fail(error)
  }
}

async function loadCommands() {
  if (state.userId === null) {
    state.commands = []
    return renderCommands()
  }
  try {
    state.commands = await api(
      'GET',
      '/commands?chatId=' + state.userId + '&languageCode=' + encodeURIComponent(currentUserLanguage()),
    )
  } catch {
    state.commands = [] // no commands
  }
  renderCommands()
}

/** the bot's commands that start with what is typed (only while the text is a bare /word) */
function matchingCommands() {
  var value = $textarea('text').value
  if (!/^\/[a-zA-Z0-9_]*$/.test(value)) return []
  var typed = value.slice(1).toLowerCase()
  return state.commands.filter(function (command) {
    return command.command.toLowerCase().indexOf(typed) === 0
  })
}

/** the suggestion list above the composer (setMyCommands), like Telegram's */
function renderCommands() {
  var list = $('commands')
  var matches = matchingCommands()
  list.textContent = ''
  if (state.commandIndex >= matches.length) state.commandIndex = matches.length - 1
  matches.forEach(function (command, index) {
    var item = el('li')
    item.setAttribute('role', 'option')
    item.setAttribute('aria-selected', String(index === state.commandIndex))
    item.setAttribute('data-command', '/' + command.command)
    item.appendChild(el('span', 'command-name', '/' + command.command))
    item.appendChild(el('span', 'command-description', command.description))
    // mousedown, not click: the text box keeps the focus
    item.addEventListener('mousedown', function (event) {
      event.preventDefault()
      sendComposer('/' + command.command)
    })
    list.appendChild(item)
  })
  list.hidden = matches.length === 0
}

/** Enter sends, Shift+Enter starts a new line; arrows and Tab pick a command suggestion. @param {KeyboardEvent} event */
function composerKey(event) {
  var matches = matchingCommands()
  if (matches.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    event.preventDefault()
    var step = event.key === 'ArrowDown' ? 1 : -1
    state.commandIndex = (state.commandIndex + step + matches.length + 1) % (matches.length + 1)
    if (state.commandIndex === matches.length) state.commandIndex = -1
    return renderCommands()
  }
  if (matches.length > 0 && event.key === 'Tab') {
    event.preventDefault()
    setComposer('/' + matches[Math.max(state.commandIndex, 0)].command)
    return renderCommands()
  }
  if (event.key === 'Escape') {
    state.commandIndex = -1
    $('commands').hidden = true
    return
  }
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return
  event.preventDefault()
  if (matches.length > 0 && state.commandIndex >= 0) return sendComposer('/' + matches[state.commandIndex].command)
  sendComposer($textarea('text').value)
}

/** the text box grows with its lines (up to its CSS max-height) */
function fitComposer() {
  var input = $textarea('text')
  input.style.height = 'auto'
  input.style.height = input.scrollHeight + 2 + 'px'
}

function currentUserLanguage() {
  var user = state.users.find(function (u) {
    return u.id === state.userId
  })
  return (user && user.language_code) || ''
}

// ---------- live updates ----------

function connect() {
  if (state.source) state.source.close()
  clearTimeout(state.reconnectTimer)
  if (state.userId === null) return
  var chatId = state.userId
  var query =
    'chatId=' + chatId + '&types=' + EVENT_TYPES.join(',') + (state.lastSeq > 0 ? '&since=' + state.lastSeq : '')
  var source = new EventSource(API + '/events?' + query)
  state.source = source
  setConnection('connecting')
  source.onopen = function () {
    state.reconnectDelay = 1000
    setConnection('online')
    syncTranscript(chatId)
  }
  source.onerror = function () {
    if (state.source !== source) return
    setConnection('connecting')
    // the browser retries by itself (with Last-Event-ID) unless the stream was refused
    if (source.readyState === EventSource.CLOSED) {
      state.reconnectTimer = setTimeout(connect, state.reconnectDelay)
      state.reconnectDelay = Math.min(state.reconnectDelay * 2, 10000)
    }
  }
  EVENT_TYPES.forEach(function (type) {
    source.addEventListener(type, function (message) {
      if (state.source !== source) return
      var event
      try {
        event = JSON.parse(message.data)
      } catch {
        return
      }
      if (event.chatId !== state.userId) return
      if (event.seq > state.lastSeq) state.lastSeq = event.seq
      if (state.syncing) state.buffer.push(event)
      else handleEvent(event)
    })
  })
}

/** after every (re)connect: the transcript as the base, then the events that came meanwhile */
/** @param {number} chatId */
async function syncTranscript(chatId) {
  state.syncing = true
  state.buffer = []
  try {
    /** @type {Entry[]} */
    var entries = await api('GET', '/chats/' + chatId + '/transcript')
    if (chatId !== state.userId) return
    var seen = new Set()
    entries.forEach(function (entry) {
      seen.add(entry.messageId)
      if (entry.deleted) remove(entry.messageId)
      else upsert(entry)
    })
    state.entries.forEach(function (_entry, id) {
      if (!seen.has(id)) remove(id)
    })
  } catch (error) {
    fail(error)
  } finally {
    if (chatId === state.userId) {
      state.syncing = false
      var buffered = state.buffer
      state.buffer = []
      buffered.forEach(handleEvent)
    }
  }
}

/** @param {'connecting' | 'online'} connection */
function setConnection(connection) {
  document.body.setAttribute('data-connection', connection)
  renderStatus()
}

function renderStatus() {
  var connection = document.body.getAttribute('data-connection')
  $('status').textContent =
    connection !== 'online' ? t('connecting') : state.action ? t(ACTION_TEXTS[state.action] || 'typing') : t('online')
}

/** @param {ControlEvent} event */
function handleEvent(event) {
  switch (event.type) {
    case 'message':
    case 'message_edited':
      if (event.entry.direction === 'out') {
        clearAction()
        clearTimeout(state.menuTimer)
        state.menuTimer = setTimeout(loadMenuButton, 300)
      }
      if (event.entry.deleted) remove(event.entry.messageId)
      else upsert(event.entry)
      break
    case 'message_deleted':
      remove(event.messageId)
      break
    case 'chat_action':
      state.action = event.action
      clearTimeout(state.actionTimer)
      state.actionTimer = setTimeout(clearAction, 5000)
      renderStatus()
      break
    case 'callback_answered':
      var button = state.pendingButtons.get(event.queryId)
      if (button) {
        button.classList.remove('pending')
        state.pendingButtons.delete(event.queryId)
      }
      if (event.answer && event.answer.text) toast(event.answer.text, event.answer.show_alert ? 'alert' : '')
      break
    case 'payment_failed':
      if (state.paying === 0)
        toast(
          event.reason === 'timeout'
            ? t('payTimeout')
            : t('payRejected') + (event.errorMessage ? ': ' + event.errorMessage : ''),
          'error',
        )
      break
    case 'chat_blocked':
      toast(event.blocked ? t('blocked') : t('unblocked'))
      break
  }
}

function clearAction() {
  clearTimeout(state.actionTimer)
  state.action = null
  renderStatus()
}

// ---------- messages ----------

function isNearBottom() {
  var box = $('messages')
  return box.scrollHeight - box.scrollTop - box.clientHeight < 120
}

function scrollToBottom() {
  var box = $('messages')
  box.scrollTop = box.scrollHeight
}

/** Draws a message (new or changed) in message_id order. @param {Entry} entry */
function upsert(entry) {
  var stick = isNearBottom()
  state.entries.set(entry.messageId, entry)
  var element = renderEntry(entry)
  var box = $('messages')
  var existing = box.querySelector('[data-message-id="' + entry.messageId + '"]')
  if (existing) {
    existing.replaceWith(element)
  } else {
    /** @type {Element | null} */
    var before = null
    box.querySelectorAll('[data-message-id]').forEach(function (el) {
      if (!before && Number(el.getAttribute('data-message-id')) > entry.messageId) before = el
    })
    box.insertBefore(element, before)
  }
  $('empty').hidden = state.entries.size > 0
  renderReplyKeyboard()
  if (stick) scrollToBottom()
}

/** @param {number} messageId */
function remove(messageId) {
  state.entries.delete(messageId)
  var existing = $('messages').querySelector('[data-message-id="' + messageId + '"]')
  if (existing) existing.remove()
  $('empty').hidden = state.entries.size > 0
  renderReplyKeyboard()
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, className, text) {
  var node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

/** @param {string} currency @param {number} amount in the currency's smallest unit (Stars: whole) */
function formatAmount(currency, amount) {
  if (currency === 'XTR') return '★ ' + amount
  return (amount / 100).toFixed(2) + ' ' + currency
}

/** @param {number} date Unix seconds */
function formatTime(date) {
  var d = new Date(date * 1000)
  return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0')
}

/** @param {Entry} entry @returns {HTMLElement} */
function renderEntry(entry) {
  var message = entry.message || {}
  if (entry.kind === 'successful_payment' || entry.kind === 'refunded_payment') {
    var payment = message.successful_payment || message.refunded_payment || {}
    var service = el(
      'div',
      'service',
      (entry.kind === 'successful_payment' ? t('youPaid') : t('refunded')) +
        ' ' +
        formatAmount(payment.currency, payment.total_amount),
    )
    service.setAttribute('data-message-id', String(entry.messageId))
    service.setAttribute('data-kind', entry.kind)
    return service
  }
  var wrap = el('div', 'msg ' + (entry.direction === 'out' ? 'out' : 'in'))
  wrap.setAttribute('data-message-id', String(entry.messageId))
  wrap.setAttribute('data-kind', entry.kind)
  var bubble = el('div', 'bubble')
  wrap.appendChild(bubble)
  var media = renderMedia(entry, message)
  if (media) bubble.appendChild(media)
  if (entry.kind === 'invoice') bubble.appendChild(renderInvoice(entry, message.invoice))
  if (entry.text !== undefined && entry.text !== '') {
    var text = el('div', 'text')
    // the bot's text as Telegram's clients show it: its HTML, URLs and /commands clickable
    text.innerHTML =
      entry.direction !== 'out'
        ? escapeHtml(entry.text)
        : entry.parseMode === 'HTML' && entry.rawText !== undefined
          ? renderTelegramHtml(entry.rawText)
          : linkifyText(entry.text)
    bubble.appendChild(text)
  } else if (entry.kind === 'other') {
    bubble.appendChild(el('div', 'unsupported', t('unsupported')))
  }
  var meta = el('div', 'meta')
  if (entry.edits && entry.edits.length > 0) meta.appendChild(el('span', 'edited', t('edited')))
  meta.appendChild(el('span', 'time', formatTime(message.edit_date || entry.date)))
  bubble.appendChild(meta)
  var markup = message.reply_markup
  if (markup && Array.isArray(markup.inline_keyboard)) wrap.appendChild(renderKeyboard(entry, markup.inline_keyboard))
  return wrap
}

/** @param {Entry} entry @param {any} message @returns {HTMLElement | null} */
function renderMedia(entry, message) {
  if (!entry.fileId) return null
  var url = fileUrl(entry.fileId)
  if (entry.kind === 'photo') {
    var img = el('img', 'media')
    img.src = url
    img.alt = entry.text || ''
    img.addEventListener('load', function () {
      if (isNearBottom() || img.dataset.stick) scrollToBottom()
    })
    img.dataset.stick = isNearBottom() ? '1' : ''
    img.addEventListener('click', function () {
      window.open(url, '_blank', 'noopener')
    })
    return img
  }
  if (entry.kind === 'video') {
    var video = el('video', 'media')
    video.src = url
    video.controls = true
    video.preload = 'metadata'
    return video
  }
  if (entry.kind === 'audio' || entry.kind === 'voice') {
    var audio = el('audio', 'media')
    audio.src = url
    audio.controls = true
    audio.preload = 'metadata'
    return audio
  }
  var file = message.document || message.audio || message.video || message.voice || {}
  var link = el('a', 'file')
  link.href = url
  link.download = file.file_name || 'file'
  link.appendChild(el('span', 'file-icon', '⬇'))
  link.appendChild(
    el(
      'span',
      '',
      (file.file_name || t('file')) + (file.file_size ? ' · ' + Math.ceil(file.file_size / 1024) + ' KB' : ''),
    ),
  )
  return link
}

/** @param {Entry} entry @param {any} invoice */
function renderInvoice(entry, invoice) {
  invoice = invoice || {}
  var card = el('div', 'invoice')
  card.appendChild(el('div', 'invoice-title', invoice.title || ''))
  card.appendChild(el('div', 'invoice-description', invoice.description || ''))
  card.appendChild(el('div', 'invoice-price', formatAmount(invoice.currency, invoice.total_amount)))
  var outcome =
    state.payments.get(entry.messageId) || (entry.paidChargeId ? { text: t('paid'), className: 'ok' } : undefined)
  var status = el('div', 'invoice-status' + (outcome ? ' ' + outcome.className : ''), outcome ? outcome.text : '')
  /** @type {any[][] | undefined} */
  var keyboard = entry.message.reply_markup && entry.message.reply_markup.inline_keyboard
  var hasPayButton =
    Array.isArray(keyboard) &&
    keyboard.some(function (row) {
      return row.some(function (b) {
        return b.pay
      })
    })
  if (!hasPayButton) {
    var pay = el('button', 'invoice-pay', payLabel(entry, invoice))
    pay.type = 'button'
    markPaid(entry, pay)
    pay.addEventListener('click', function () {
      payInvoice(entry.messageId, pay, status)
    })
    card.appendChild(pay)
  }
  card.appendChild(status)
  return card
}

/** Telegram's own Pay button, in the user's language (as its clients draw it). @param {Entry} entry @param {any} invoice */
function payLabel(entry, invoice) {
  invoice = invoice || {}
  return invoice.currency === 'XTR'
    ? t('pay') + ' ⭐️' + invoice.total_amount
    : t('pay') + ' ' + formatAmount(invoice.currency, invoice.total_amount)
}

/** @param {Entry} entry */
function isPaid(entry) {
  var outcome = state.payments.get(entry.messageId)
  return Boolean(entry.paidChargeId) || (outcome !== undefined && outcome.className === 'ok')
}

/** a paid invoice's Pay button says so and does nothing (a repeat stays possible through the control API) */
/** @param {Entry} entry @param {HTMLButtonElement} button */
function markPaid(entry, button) {
  if (!isPaid(entry)) return
  button.disabled = true
  button.classList.add('paid')
  button.textContent = '✓ ' + t('paid')
}

/** @param {number} messageId @param {HTMLButtonElement} button @param {Element} status */
async function payInvoice(messageId, button, status) {
  var label = button.textContent
  button.disabled = true
  button.textContent = t('paying')
  state.paying++
  try {
    var result = await api('POST', '/chats/' + state.userId + '/pay', { messageId: messageId })
    var ok = result.status === 'paid' || result.status === 'already_paid'
    var text =
      result.status === 'paid'
        ? t('paid')
        : result.status === 'already_paid'
          ? t('alreadyPaid')
          : result.status === 'timeout'
            ? t('payTimeout')
            : t('payRejected') + (result.errorMessage ? ': ' + result.errorMessage : '')
    toast(text, ok ? '' : 'error')
    // kept in state: the card may be drawn again (edits, reconnects, language switch)
    state.payments.set(messageId, { text: ok ? t('paid') : text, className: ok ? 'ok' : 'fail' })
    var card = $('messages').querySelector('[data-message-id="' + messageId + '"] .invoice-status')
    if (card) status = card
    status.textContent = text
    status.className = 'invoice-status ' + (state.payments.get(messageId) || { className: '' }).className
  } catch (error) {
    fail(error)
  } finally {
    state.paying--
    button.disabled = false
    button.textContent = label
    var entry = state.entries.get(messageId)
    if (entry) upsert(entry) // redrawn: a paid invoice's button says so
  }
}

/** An inline keyboard under a message. @param {Entry} entry @param {any[][]} rows */
function renderKeyboard(entry, rows) {
  var keyboard = el('div', 'keyboard')
  rows.forEach(function (row) {
    var line = el('div', 'row')
    row.forEach(function (spec) {
      var button = el('button', '', spec.text)
      button.type = 'button'
      if (spec.callback_data !== undefined) {
        button.addEventListener('click', function () {
          pressButton(entry.messageId, spec.callback_data, button)
        })
      } else if (spec.web_app && typeof spec.web_app.url === 'string') {
        button.className = 'web-app'
        button.title = spec.web_app.url
        button.addEventListener('click', function () {
          openWebApp(spec.web_app.url, spec.text)
        })
      } else if (spec.pay) {
        button.className = 'pay'
        if (entry.telegramPayButton) button.textContent = payLabel(entry, entry.message.invoice)
        markPaid(entry, button)
        button.addEventListener('click', function () {
          var status = $('messages').querySelector('[data-message-id="' + entry.messageId + '"] .invoice-status')
          payInvoice(entry.messageId, button, status || el('div'))
        })
      } else if (spec.url) {
        button.addEventListener('click', function () {
          if (/^(https?:|tg:|mailto:)/i.test(spec.url)) window.open(spec.url, '_blank', 'noopener')
        })
        button.title = spec.url
      } else if (spec.copy_text && spec.copy_text.text !== undefined) {
        button.addEventListener('click', function () {
          navigator.clipboard.writeText(spec.copy_text.text).then(function () {
            toast(t('copied'))
          }, fail)
        })
      } else {
        button.disabled = true
        button.title = t('buttonUnsupported')
      }
      line.appendChild(button)
    })
    keyboard.appendChild(line)
  })
  return keyboard
}

/** @param {number} messageId @param {string} data @param {HTMLButtonElement} button */
async function pressButton(messageId, data, button) {
  button.classList.add('pending')
  try {
    var pressed = await api('POST', '/chats/' + state.userId + '/callback', { messageId: messageId, data: data })
    state.pendingButtons.set(pressed.queryId, button)
    setTimeout(function () {
      button.classList.remove('pending')
      state.pendingButtons.delete(pressed.queryId)
    }, 15000)
  } catch (error) {
    button.classList.remove('pending')
    fail(error)
  }
}

/** the reply keyboard of the newest bot message that set one (remove_keyboard hides it) */
function renderReplyKeyboard() {
  var box = $('reply-keyboard')
  /** @type {Entry['replyKeyboard'] | undefined} */
  var newest = undefined
  var newestId = -1
  for (var entry of state.entries.values()) {
    if (entry.direction === 'out' && entry.replyKeyboard && entry.messageId > newestId) {
      newest = entry.replyKeyboard
      newestId = entry.messageId
    }
  }
  box.textContent = ''
  var keyboard = newest
  var rows = keyboard && keyboard.keyboard
  box.hidden = !Array.isArray(rows)
  if (!keyboard || !Array.isArray(rows)) return
  rows.forEach(function (row) {
    var line = el('div', 'row')
    row.forEach(function (spec) {
      var text = typeof spec === 'string' ? spec : spec.text
      var button = el('button', '', text)
      button.type = 'button'
      button.addEventListener('click', function () {
        sendText(text)
        if (keyboard && keyboard.one_time_keyboard) box.hidden = true
      })
      line.appendChild(button)
    })
    box.appendChild(line)
  })
}

// ---------- sending ----------

/** what the transcript would say about a message we just sent (SSE brings the same, or a newer version) */
/** @param {TgMessage} message @returns {Entry} */
function entryOf(message) {
  var kinds = ['photo', 'video', 'audio', 'voice', 'document']
  var kind =
    kinds.find(function (k) {
      return message[k]
    }) || 'text'
  var file = message.photo ? message.photo[message.photo.length - 1] : message[kind]
  /** @type {Entry} */
  var entry = {
    messageId: message.message_id,
    direction: 'in',
    kind: kind,
    date: message.date,
    message: message,
    edits: [],
    deleted: false,
  }
  var text = message.text !== undefined ? message.text : message.caption
  if (text !== undefined) entry.text = text
  if (file && file.file_id) entry.fileId = file.file_id
  return entry
}

/** @param {string} text */
async function sendText(text) {
  if (state.userId === null) return toast(t('chooseUser'), 'error')
  var message = await api('POST', '/chats/' + state.userId + '/messages', { text: text })
  if (!state.entries.has(message.message_id)) upsert(entryOf(message))
}

/** sends the composer's text (or a picked command) and empties it. @param {string} text */
async function sendComposer(text) {
  var input = $textarea('text')
  state.commandIndex = -1
  $('commands').hidden = true
  if (text.trim() === '') return
  // the box is emptied as the message goes, as in Telegram: what is typed while it is on its way
  // stays (emptying it after the answer wiped a next message typed meanwhile); on a failure the
  // text comes back, unless something else was typed since
  var fromBox = input.value === text
  if (fromBox) setComposer('')
  try {
    await sendText(text)
  } catch (error) {
    if (fromBox && input.value === '') setComposer(text)
    fail(error)
  }
  renderCommands()
  input.focus()
}

/** @param {Event} event */
function submitText(event) {
  event.preventDefault()
  sendComposer($textarea('text').value)
}

/** a click on a /command in a bot's message sends it, as in Telegram. @param {MouseEvent} event */
function clickInMessages(event) {
  var target = event.target instanceof Element ? event.target.closest('a.bot-command') : null
  if (!target) return
  event.preventDefault()
  var command = target.getAttribute('data-command')
  if (command) sendText(command).catch(fail)
}

/** @param {File} file */
function guessKind(file) {
  var type = file.type || ''
  if (/^image\/(png|jpeg|gif|webp)$/.test(type)) return 'photo'
  if (type.indexOf('video/') === 0) return 'video'
  if (type === 'audio/ogg' || type === 'audio/opus') return 'voice'
  if (type.indexOf('audio/') === 0) return 'audio'
  return 'document'
}

async function uploadFile() {
  var input = $input('file-input')
  var file = input.files && input.files[0]
  if (!file) return
  if (state.userId === null) return toast(t('chooseUser'), 'error')
  var chosen = $select('file-kind').value
  var form = new FormData()
  form.append('kind', chosen === 'auto' ? guessKind(file) : chosen)
  var caption = $textarea('text').value.trim()
  if (caption) form.append('caption', caption)
  form.append('file', file, file.name)
  var label = $('send').textContent
  $button('send').disabled = true
  $('send').textContent = t('uploading')
  try {
    var result = await api('POST', '/chats/' + state.userId + '/media', form)
    if (caption) setComposer('')
    if (!state.entries.has(result.message.message_id)) upsert(entryOf(result.message))
  } catch (error) {
    fail(error)
  } finally {
    input.value = ''
    $button('send').disabled = false
    $('send').textContent = label
  }
}

// ---------- the Kie emulator's panel ----------

/**
 * A call of the Kie emulator's control API (/kie/_control): its JSON, or an Error.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function kieApi(method, path, body) {
  /** @type {RequestInit} */
  var init = { method: method }
  if (body !== undefined)
    init = { method: method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  var res = await fetch(KIE_API + path, init)
  var data = await res.json().catch(function () {
    return { error: 'HTTP ' + res.status }
  })
  if (!res.ok || data.error) throw new Error(typeof data.error === 'string' ? data.error : 'HTTP ' + res.status)
  return data
}

async function loadKie() {
  try {
    var state_ = await kieApi('GET', '/state')
    state.kie = Object.assign({}, state_.settings, { tasks: state_.tasks, faults: state_.faults })
  } catch (error) {
    if (state.kie !== null) fail(error) // once, not at every poll
    state.kie = null
  }
  renderKie()
}

/** the panel's switches and its state line follow the emulator's settings */
function renderKie() {
  var kie = state.kie
  var slow = /** @type {HTMLInputElement} */ ($('kie-slow'))
  var broke = /** @type {HTMLInputElement} */ ($('kie-no-credits'))
  if (!kie) {
    $('kie-state').textContent = ''
    return
  }
  slow.checked = kie.timeline.completeMs >= KIE_SLOW_TIMELINE.completeMs
  broke.checked = kie.credits <= 0
  $('kie-state').textContent =
    t('kieCredits') +
    ': ' +
    Number(kie.credits).toLocaleString(state.lang === 'ru' ? 'ru-RU' : 'en-US') +
    ' · ' +
    t('kieTasks') +
    ': ' +
    kie.tasks +
    (kie.faults && kie.faults.hangs !== 0 ? ' · ' + t('kieHung') : '') +
    (kie.faults && kie.faults.held > 0 ? ' · ' + t('kieHeld') + ': ' + kie.faults.held : '') +
    (kie.faults && kie.faults.outcomes.length > 0 ? ' · ' + t('kieFailArmed') : '')
}

/**
 * Runs a change of the Kie emulator, then re-reads its state (a toast says what happened).
 * @param {() => Promise<unknown>} change
 * @param {string} [done] a text key for the toast
 */
async function kieChange(change, done) {
  try {
    await change()
    if (done) toast(t(done))
  } catch (error) {
    fail(error)
  }
  await loadKie()
}

function setUpKiePanel() {
  var toggle = $button('kie-toggle')
  toggle.addEventListener('click', function () {
    var panel = $('kie-panel')
    panel.hidden = !panel.hidden
    toggle.setAttribute('aria-expanded', String(!panel.hidden))
    clearInterval(state.kieTimer)
    if (panel.hidden) return
    loadKie()
    // while open, the state line follows the emulator (tasks made, hangs used up)
    state.kieTimer = setInterval(loadKie, 3000)
  })
  $('kie-slow').addEventListener('change', function () {
    var on = /** @type {HTMLInputElement} */ ($('kie-slow')).checked
    var timeline = on ? KIE_SLOW_TIMELINE : KIE_DEFAULT_TIMELINE
    kieChange(function () {
      return kieApi('POST', '/settings', { timeline: timeline })
    })
  })
  $('kie-no-credits').addEventListener('change', function () {
    var on = /** @type {HTMLInputElement} */ ($('kie-no-credits')).checked
    kieChange(function () {
      return kieApi('POST', '/settings', { credits: on ? 0 : 1000000 })
    })
  })
  $('kie-fail').addEventListener('click', function () {
    var reason = KIE_FAILURES[$select('kie-fail-reason').value] || KIE_FAILURES.busy
    kieChange(function () {
      return kieApi('POST', '/next-outcome', {
        outcome: 'fail',
        failCode: reason.failCode,
        failMessage: reason.failMessage,
      })
    }, 'kieFailArmed')
  })
  $('kie-hang').addEventListener('click', function () {
    kieChange(function () {
      return kieApi('POST', '/hang', { count: 1, creates: true })
    }, 'kieHangArmed')
  })
  $('kie-release').addEventListener('click', function () {
    kieChange(function () {
      return kieApi('POST', '/release-hangs')
    }, 'kieReleased')
  })
  $('kie-reset').addEventListener('click', function () {
    kieChange(function () {
      return kieApi('POST', '/reset')
    }, 'kieResetDone')
  })
}

// ---------- start ----------

// ---------- Mini Apps (web_app buttons, the chat's menu button) ----------

/** Telegram's default themes (the themeParams a client passes), light and dark. */
var WEB_APP_THEMES = {
  light: {
    bg_color: '#ffffff',
    text_color: '#000000',
    hint_color: '#999999',
    link_color: '#2481cc',
    button_color: '#2481cc',
    button_text_color: '#ffffff',
    secondary_bg_color: '#efeff3',
  },
  dark: {
    bg_color: '#212121',
    text_color: '#ffffff',
    hint_color: '#aaaaaa',
    link_color: '#8774e1',
    button_color: '#8774e1',
    button_text_color: '#ffffff',
    secondary_bg_color: '#181818',
  },
}

/** the chat's menu button: a web_app one shows beside Send */
async function loadMenuButton() {
  if (state.userId === null) return
  var userId = state.userId
  try {
    var menu = await api('GET', '/menu-button?chatId=' + userId)
    if (userId !== state.userId) return
    state.menuWebApp = menu && menu.type === 'web_app' ? { text: menu.text, url: menu.web_app.url } : null
  } catch {
    state.menuWebApp = null
  }
  var button = $button('menu-webapp')
  button.hidden = state.menuWebApp === null
  button.textContent = state.menuWebApp ? state.menuWebApp.text : ''
}

/** @param {'light' | 'dark'} theme */
function setWebAppTheme(theme) {
  state.webAppTheme = theme
  try {
    localStorage.setItem('sandboxChat.webAppTheme', theme)
  } catch {
    /* private mode */
  }
  $('webapp-panel').setAttribute('data-theme', theme)
  document.querySelectorAll('#webapp-theme button').forEach(function (b) {
    b.setAttribute('aria-pressed', String(b.getAttribute('data-theme') === theme))
  })
  postToWebApp('theme_changed', { theme_params: WEB_APP_THEMES[theme] })
}

/** @param {string} eventType @param {unknown} [eventData] */
function postToWebApp(eventType, eventData) {
  var frame = /** @type {HTMLIFrameElement} */ ($('webapp-frame'))
  if (!frame.contentWindow || $('webapp-panel').hidden) return
  frame.contentWindow.postMessage(JSON.stringify({ eventType: eventType, eventData: eventData || {} }), '*')
}

/**
 * Opens a Mini App in the panel: its URL with Telegram's launch parameters in the hash
 * (initData signed by the emulator for this chat's user, the theme, the version, the platform).
 * @param {string} url @param {string} title
 */
async function openWebApp(url, title) {
  if (state.userId === null || !/^https?:\/\//i.test(url)) return
  try {
    var signed = await api('GET', '/web-app/init-data?userId=' + state.userId)
    var hash = new URLSearchParams({
      tgWebAppData: signed.initData,
      tgWebAppVersion: '8.0',
      tgWebAppPlatform: 'web',
      tgWebAppThemeParams: JSON.stringify(WEB_APP_THEMES[state.webAppTheme]),
    }).toString()
    var frame = /** @type {HTMLIFrameElement} */ ($('webapp-frame'))
    frame.src = 'about:blank'
    $('webapp-title').textContent = title
    $('webapp-back').hidden = true
    $('webapp-panel').hidden = false
    $('webapp-panel').setAttribute('data-theme', state.webAppTheme)
    frame.src = url.split('#')[0] + '#' + hash
  } catch (error) {
    fail(error)
  }
}

function closeWebApp() {
  var frame = /** @type {HTMLIFrameElement} */ ($('webapp-frame'))
  $('webapp-panel').hidden = true
  frame.src = 'about:blank'
}

/** the events a Mini App's WebApp script posts to the client that embeds it (Telegram's web protocol) */
/** @param {MessageEvent} event */
function webAppEvent(event) {
  var frame = /** @type {HTMLIFrameElement} */ ($('webapp-frame'))
  if (event.source !== frame.contentWindow || typeof event.data !== 'string') return
  /** @type {any} */
  var message
  try {
    message = JSON.parse(event.data)
  } catch {
    return
  }
  var data = message.eventData || {}
  switch (message.eventType) {
    case 'web_app_close':
      closeWebApp()
      break
    case 'web_app_setup_back_button':
      $('webapp-back').hidden = !data.is_visible
      break
    case 'web_app_data_send':
      // Telegram closes the app after sendData (it goes to the bot from a keyboard button's app)
      toast(t('webAppData') + ': ' + String(data.data || '').slice(0, 200))
      closeWebApp()
      break
  }
}

function setUpWebAppPanel() {
  var stored = null
  try {
    stored = localStorage.getItem('sandboxChat.webAppTheme')
  } catch {
    /* private mode */
  }
  setWebAppTheme(stored === 'dark' ? 'dark' : 'light')
  document.querySelectorAll('#webapp-theme button').forEach(function (b) {
    b.addEventListener('click', function () {
      setWebAppTheme(b.getAttribute('data-theme') === 'dark' ? 'dark' : 'light')
    })
  })
  $('webapp-close').addEventListener('click', closeWebApp)
  $('webapp-back').addEventListener('click', function () {
    postToWebApp('back_button_pressed')
  })
  $('menu-webapp').addEventListener('click', function () {
    if (state.menuWebApp) openWebApp(state.menuWebApp.url, state.menuWebApp.text)
  })
  window.addEventListener('message', webAppEvent)
}

async function start() {
  var stored = null
  try {
    stored = localStorage.getItem('sandboxChat.lang')
  } catch {
    /* private mode */
  }
  state.lang =
    stored === 'en' || stored === 'ru' ? stored : (navigator.language || '').slice(0, 2) === 'ru' ? 'ru' : 'en'
  $select('new-user-lang').value = state.lang
  applyTexts()

  document.querySelectorAll('#lang-switch button').forEach(function (b) {
    b.addEventListener('click', function () {
      setLanguage(b.getAttribute('data-lang'))
    })
  })
  $select('user-select').addEventListener('change', function () {
    var value = $select('user-select').value
    if (value) selectUser(Number(value))
  })
  $('new-user-toggle').addEventListener('click', function () {
    $('new-user-form').hidden = !$('new-user-form').hidden
    $select('new-user-lang').value = state.lang
    if (!$('new-user-form').hidden) $input('new-user-name').focus()
  })
  $('new-user-cancel').addEventListener('click', function () {
    $('new-user-form').hidden = true
  })
  $('new-user-form').addEventListener('submit', createUser)
  $('composer').addEventListener('submit', submitText)
  $('file-input').addEventListener('change', uploadFile)
  $('text').addEventListener('focus', loadCommands) // the bot may have set its commands since
  $('text').addEventListener('keydown', composerKey)
  $('text').addEventListener('input', function () {
    state.commandIndex = -1
    fitComposer()
    renderCommands()
  })
  $('text').addEventListener('blur', function () {
    $('commands').hidden = true
  })
  $('messages').addEventListener('click', clickInMessages)
  $('admin-toggle').addEventListener('click', toggleAdmin)
  setUpKiePanel()
  setUpWebAppPanel()

  try {
    var response = await fetch('/chat/config.json')
    state.config = await response.json()
    await loadUsers()
  } catch (error) {
    fail(error)
    state.config = state.config || {}
  }
  renderAdminToggle()
  var remembered = null
  try {
    remembered = Number(localStorage.getItem('sandboxChat.userId'))
  } catch {
    /* private mode */
  }
  var has = /** @param {unknown} id */ function (id) {
    return state.users.some(function (u) {
      return u.id === id
    })
  }
  var first = has(remembered)
    ? remembered
    : has(state.config.defaultUserId)
      ? state.config.defaultUserId
      : state.users[0] && state.users[0].id
  if (first !== undefined && first !== null) selectUser(first)
  else {
    applyTexts()
    $('new-user-form').hidden = false
  }
  document.body.setAttribute('data-ready', 'true')
}

start()
