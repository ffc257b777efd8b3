import { useEffect, useState } from 'preact/hooks'
import type { Catalog, CatalogModel, GenerationSummary } from './api'
import { ApiError } from './api'
import type { Shared } from './app'
import { Player } from './media'

function matches(model: CatalogModel, words: string[]): boolean {
  const text = `${model.name} ${model.description} ${model.slug}`.toLowerCase()
  return words.every((w) => text.includes(w))
}

export function CatalogView(shared: Shared) {
  const { api, t } = shared
  const [catalog, setCatalog] = useState<Catalog | null>(null)
  const [search, setSearch] = useState('')
  const [open, setOpen] = useState<string | null>(null)
  useEffect(() => void api.get<Catalog>('catalog').then(setCatalog, shared.failed), [])
  if (!catalog) return <p class="hint">{t('loading')}</p>
  const words = search.toLowerCase().split(/\s+/).filter(Boolean)
  const found = catalog.models.filter((m) => matches(m, words))
  return (
    <section class="catalog">
      <input
        class="search"
        type="search"
        data-testid="catalog-search"
        placeholder={t('catalog.search')}
        value={search}
        onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
      />
      {found.length === 0 && <p class="hint">{t('catalog.nothing')}</p>}
      {catalog.tasks.map((task) => {
        const models = found.filter((m) => m.task === task.id)
        if (models.length === 0) return null
        return (
          <div class="task" key={task.id} data-testid={`task-${task.id}`}>
            <h3>{task.name}</h3>
            {models.map((m) => (
              <ModelRow
                key={m.slug}
                {...shared}
                model={m}
                open={open === m.slug}
                onToggle={() => setOpen(open === m.slug ? null : m.slug)}
              />
            ))}
          </div>
        )
      })}
    </section>
  )
}

function ModelRow(shared: Shared & { model: CatalogModel; open: boolean; onToggle(): void }) {
  const { api, t, model } = shared
  const [sample, setSample] = useState<GenerationSummary | null | undefined>(undefined)
  useEffect(() => {
    if (!shared.open || sample !== undefined) return
    api.get<GenerationSummary>(`catalog/${model.slug}/sample`).then(setSample, (error: unknown) => {
      if (error instanceof ApiError && error.status === 404) setSample(null)
      else shared.failed(error)
    })
  }, [shared.open])
  const openInChat = async () => {
    try {
      await api.post(`catalog/${model.slug}/open`)
      shared.notify(t('detail.in_chat'))
      shared.webApp.close()
    } catch (error) {
      shared.failed(error)
    }
  }
  return (
    <div class={shared.open ? 'model open' : 'model'} data-testid="model" data-slug={model.slug}>
      <button class="model-head" onClick={shared.onToggle}>
        <span class="model-name">{model.name}</span>
        <span class="model-price">{model.price}</span>
      </button>
      {shared.open && (
        <div class="model-body">
          <p>{model.description}</p>
          {model.example && (
            <p class="example">
              <b>{t('catalog.example')}:</b> {model.example}
            </p>
          )}
          {sample === null && <p class="hint">{t('catalog.no_sample')}</p>}
          {sample?.items[0] && (
            <div class="sample" data-testid="sample">
              <p class="hint">{t('catalog.sample')}</p>
              <Player api={api} type={sample.type} item={sample.items[0]} />
            </div>
          )}
          <button class="primary" data-testid="open-model" onClick={() => void openInChat()}>
            {t('catalog.open')}
          </button>
        </div>
      )}
    </div>
  )
}
