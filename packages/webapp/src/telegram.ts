// The part of Telegram's `window.Telegram.WebApp` (telegram-web-app.js) the app uses. Nothing
// else: in Telegram the real script provides it, in the sandbox its stand-in.

export interface ThemeParams {
  bg_color?: string
  text_color?: string
  hint_color?: string
  link_color?: string
  button_color?: string
  button_text_color?: string
  secondary_bg_color?: string
}

export interface WebApp {
  initData: string
  initDataUnsafe: { user?: { id: number; first_name?: string; language_code?: string } }
  colorScheme: 'light' | 'dark'
  themeParams: ThemeParams
  ready(): void
  expand(): void
  close(): void
  onEvent(event: 'themeChanged', handler: () => void): void
  BackButton: { show(): void; hide(): void; onClick(handler: () => void): void; offClick(handler: () => void): void }
}

declare global {
  interface Window {
    Telegram?: { WebApp?: WebApp }
  }
}

export function webApp(): WebApp | undefined {
  return window.Telegram?.WebApp
}

const VARS: Record<keyof ThemeParams, string> = {
  bg_color: '--bg',
  text_color: '--text',
  hint_color: '--hint',
  link_color: '--link',
  button_color: '--button',
  button_text_color: '--button-text',
  secondary_bg_color: '--secondary-bg',
}

/** Applies Telegram's theme (its colours and light or dark) to the page, now and when it changes. */
export function followTheme(app: WebApp): void {
  const apply = () => {
    const root = document.documentElement
    root.dataset.scheme = app.colorScheme
    for (const [key, variable] of Object.entries(VARS)) {
      const value = app.themeParams[key as keyof ThemeParams]
      if (value && /^#[0-9a-f]{3,8}$/i.test(value)) root.style.setProperty(variable, value)
      else root.style.removeProperty(variable)
    }
  }
  apply()
  app.onEvent('themeChanged', apply)
}
