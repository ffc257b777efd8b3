// The sandbox's stand-in for Telegram's telegram-web-app.js: `window.Telegram.WebApp` for a
// Mini App the web chat opens in its panel. Like Telegram's script, it reads the launch
// parameters from the page's hash (tgWebAppData: initData signed by the emulator with the bot's
// token for the chat's user; tgWebAppThemeParams; tgWebAppVersion; tgWebAppPlatform) and talks
// to the page that embeds it with the same postMessage events Telegram's web clients use
// ({ eventType, eventData } as JSON: web_app_ready, web_app_expand, web_app_close,
// web_app_data_send, web_app_setup_back_button, web_app_setup_main_button; theme_changed and
// back_button_pressed, main_button_pressed back). The gateway's page loads it from the address
// WEBAPP_SCRIPT_URL names (scripts/start.js points it here).
;(function () {
  'use strict'
  /** @type {Record<string, string>} */
  var launch = {}
  new URLSearchParams(window.location.hash.slice(1)).forEach(function (value, key) {
    launch[key] = value
  })

  /** @param {string} eventType @param {unknown} [eventData] */
  function postEvent(eventType, eventData) {
    if (window.parent === window) return
    window.parent.postMessage(JSON.stringify({ eventType: eventType, eventData: eventData || {} }), '*')
  }

  /** @param {string} text @returns {any} */
  function parseJson(text) {
    try {
      return JSON.parse(text)
    } catch {
      return {}
    }
  }

  var initData = launch.tgWebAppData || ''
  /** @type {Record<string, unknown>} */
  var initDataUnsafe = {}
  new URLSearchParams(initData).forEach(function (value, key) {
    initDataUnsafe[key] = key === 'user' || key === 'receiver' || key === 'chat' ? parseJson(value) : value
  })

  /** @type {Record<string, Function[]>} */
  var handlers = {}
  /** @param {string} name @param {unknown} [arg] */
  function emit(name, arg) {
    ;(handlers[name] || []).slice().forEach(function (handler) {
      try {
        handler.call(webApp, arg)
      } catch (error) {
        setTimeout(function () {
          throw error
        })
      }
    })
  }

  /** '#rrggbb' → light or dark, as Telegram's script decides it */
  /** @param {string | undefined} color */
  function schemeOf(color) {
    var match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color || '')
    if (!match) return 'light'
    var r = parseInt(match[1] || '0', 16)
    var g = parseInt(match[2] || '0', 16)
    var b = parseInt(match[3] || '0', 16)
    return Math.sqrt(0.299 * r * r + 0.587 * g * g + 0.114 * b * b) < 120 ? 'dark' : 'light'
  }

  /** @param {Record<string, string>} params */
  function setTheme(params) {
    webApp.themeParams = params
    webApp.colorScheme = schemeOf(params.bg_color)
    var root = document.documentElement
    Object.keys(params).forEach(function (key) {
      root.style.setProperty('--tg-theme-' + key.replace(/_/g, '-'), String(params[key]))
    })
    root.style.setProperty('--tg-color-scheme', webApp.colorScheme)
  }

  /** @param {string} prefix */
  function button(prefix) {
    /** @type {any} */
    var self = {
      isVisible: false,
      text: '',
      isActive: true,
      show: function () {
        self.isVisible = true
        sync()
        return self
      },
      hide: function () {
        self.isVisible = false
        sync()
        return self
      },
      /** @param {Function} handler */
      onClick: function (handler) {
        webApp.onEvent(prefix + 'Clicked', handler)
        return self
      },
      /** @param {Function} handler */
      offClick: function (handler) {
        webApp.offEvent(prefix + 'Clicked', handler)
        return self
      },
      /** @param {string} text */
      setText: function (text) {
        self.text = String(text)
        sync()
        return self
      },
      enable: function () {
        self.isActive = true
        sync()
        return self
      },
      disable: function () {
        self.isActive = false
        sync()
        return self
      },
      /** @param {{ text?: string, is_visible?: boolean, is_active?: boolean }} params */
      setParams: function (params) {
        if (params.text !== undefined) self.text = String(params.text)
        if (params.is_visible !== undefined) self.isVisible = Boolean(params.is_visible)
        if (params.is_active !== undefined) self.isActive = Boolean(params.is_active)
        sync()
        return self
      },
    }
    function sync() {
      if (prefix === 'backButton') postEvent('web_app_setup_back_button', { is_visible: self.isVisible })
      else
        postEvent('web_app_setup_main_button', {
          is_visible: self.isVisible,
          is_active: self.isActive,
          text: self.text,
        })
    }
    return self
  }

  /** @type {any} */
  var webApp = {
    initData: initData,
    initDataUnsafe: initDataUnsafe,
    version: launch.tgWebAppVersion || '8.0',
    platform: launch.tgWebAppPlatform || 'web',
    colorScheme: 'light',
    themeParams: {},
    isExpanded: false,
    ready: function () {
      postEvent('web_app_ready')
    },
    expand: function () {
      webApp.isExpanded = true
      postEvent('web_app_expand')
    },
    close: function () {
      postEvent('web_app_close')
    },
    /** @param {string} data */
    sendData: function (data) {
      var text = String(data)
      if (text.length === 0 || new TextEncoder().encode(text).length > 4096) throw new Error('WebAppDataInvalid')
      postEvent('web_app_data_send', { data: text })
    },
    /** @param {string} name @param {Function} handler */
    onEvent: function (name, handler) {
      ;(handlers[name] = handlers[name] || []).push(handler)
    },
    /** @param {string} name @param {Function} handler */
    offEvent: function (name, handler) {
      handlers[name] = (handlers[name] || []).filter(function (h) {
        return h !== handler
      })
    },
  }
  webApp.BackButton = button('backButton')
  webApp.MainButton = button('mainButton')
  setTheme(parseJson(launch.tgWebAppThemeParams || '{}'))

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent) return
    var message = typeof event.data === 'string' ? parseJson(event.data) : {}
    if (message.eventType === 'theme_changed') {
      setTheme((message.eventData && message.eventData.theme_params) || {})
      emit('themeChanged')
    } else if (message.eventType === 'back_button_pressed') emit('backButtonClicked')
    else if (message.eventType === 'main_button_pressed') emit('mainButtonClicked')
  })

  var global = /** @type {any} */ (window)
  global.Telegram = { WebApp: webApp }
})()
