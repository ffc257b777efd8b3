import { useEffect, useState } from 'preact/hooks'
import { Api, ApiError, type Me } from './api'
import { BalanceView } from './balance'
import { CatalogView } from './catalog'
import { GalleryView } from './gallery'
import type { WebApp } from './telegram'
import { langOf, texts, type TextKey } from './texts'

export type T = (key: TextKey) => string

export interface Shared {
  api: Api
  t: T
  webApp: WebApp
  /** shows a short line at the bottom */
  notify(text: string): void
  /** an API error in the user's words */
  failed(error: unknown): void
}

type Tab = 'gallery' | 'catalog' | 'balance'

export function errorKey(error: unknown): TextKey {
  if (!(error instanceof ApiError)) return 'error.generic'
  if (error.status === 401) return 'error.auth'
  if (error.code === 'unknown_user') return 'error.unknown_user'
  if (error.code === 'too_many') return 'error.too_many'
  if (error.code === 'favorites_full') return 'error.favorites_full'
  if (error.code === 'chat_unavailable') return 'error.chat_unavailable'
  if (error.code === 'banned') return 'error.banned'
  return 'error.generic'
}

export function App({ webApp }: { webApp: WebApp | undefined }) {
  const initData = webApp?.initData ?? ''
  const [me, setMe] = useState<Me | null>(null)
  const [fatal, setFatal] = useState<TextKey | null>(initData ? null : 'error.auth')
  const [tab, setTab] = useState<Tab>('gallery')
  const [note, setNote] = useState<string | null>(null)
  const [api] = useState(() => new Api(initData))
  const t = texts(me?.lang ?? langOf(webApp?.initDataUnsafe.user?.language_code))

  useEffect(() => {
    if (!initData) return
    api.get<Me>('me').then(
      (value) => {
        setMe(value)
        document.documentElement.lang = value.lang
      },
      (error: unknown) => setFatal(errorKey(error)),
    )
  }, [])
  useEffect(() => {
    if (!note) return
    const timer = setTimeout(() => setNote(null), 3000)
    return () => clearTimeout(timer)
  }, [note])

  if (fatal || !webApp)
    return (
      <main class="fatal" data-testid="fatal">
        {t(fatal ?? 'error.auth')}
      </main>
    )
  if (!me) return <main class="loading">{t('loading')}</main>
  const shared: Shared = { api, t, webApp, notify: setNote, failed: (error) => setNote(t(errorKey(error))) }
  return (
    <div class="app" data-lang={me.lang}>
      <nav class="tabs">
        {(['gallery', 'catalog', 'balance'] as const).map((name) => (
          <button
            key={name}
            class={tab === name ? 'tab active' : 'tab'}
            data-testid={`tab-${name}`}
            onClick={() => setTab(name)}
          >
            {t(`tab.${name}`)}
          </button>
        ))}
      </nav>
      {tab === 'gallery' && <GalleryView {...shared} />}
      {tab === 'catalog' && <CatalogView {...shared} />}
      {tab === 'balance' && <BalanceView {...shared} />}
      {note && (
        <div class="note" data-testid="note" role="status">
          {note}
        </div>
      )}
    </div>
  )
}
