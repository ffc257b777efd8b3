import { useEffect, useState } from 'preact/hooks'
import type { GenerationDetail, GenerationPage, GenerationSummary, MediaType } from './api'
import type { Shared } from './app'
import { Player, Thumb, TilePlayer } from './media'

interface Filter {
  type: MediaType | null
  model: string | null
  favorites: boolean
}

function query(filter: Filter, offset: number): string {
  const params = new URLSearchParams()
  if (filter.type) params.set('type', filter.type)
  if (filter.model) params.set('model', filter.model)
  if (filter.favorites) params.set('favorites', '1')
  if (offset > 0) params.set('offset', String(offset))
  const text = params.toString()
  return text ? `generations?${text}` : 'generations'
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `?open=<generation id>`: the gallery button under a result opens that result */
function linkedGeneration(): string | null {
  const id = new URLSearchParams(window.location.search).get('open')
  return id && UUID.test(id) ? id : null
}

export function GalleryView(shared: Shared) {
  const { api, t, webApp } = shared
  const [filter, setFilter] = useState<Filter>({ type: null, model: null, favorites: false })
  const [page, setPage] = useState<GenerationPage | null>(null)
  const [open, setOpen] = useState<string | null>(linkedGeneration)

  const load = (offset = 0) =>
    api
      .get<GenerationPage>(query(filter, offset))
      .then(
        (next) =>
          setPage((previous) =>
            offset > 0 && previous ? { ...next, items: [...previous.items, ...next.items] } : next,
          ),
        shared.failed,
      )
  useEffect(() => void load(), [filter.type, filter.model, filter.favorites])

  useEffect(() => {
    if (!open) return
    const back = () => setOpen(null)
    webApp.BackButton.show()
    webApp.BackButton.onClick(back)
    return () => {
      webApp.BackButton.offClick(back)
      webApp.BackButton.hide()
    }
  }, [open])

  if (open) return <Detail {...shared} id={open} onBack={() => setOpen(null)} onChange={() => void load()} />
  const models = (page?.models ?? []).filter((m) => !filter.type || m.type === filter.type)
  return (
    <section class="gallery">
      <div class="filters">
        {([null, 'image', 'video', 'audio'] as const).map((type) => (
          <button
            key={type ?? 'all'}
            class={filter.type === type ? 'chip active' : 'chip'}
            data-testid={`filter-${type ?? 'all'}`}
            onClick={() => setFilter({ ...filter, type, model: null })}
          >
            {t(type ? `filter.${type}` : 'filter.all')}
          </button>
        ))}
        <button
          class={filter.favorites ? 'chip active' : 'chip'}
          data-testid="filter-favorites"
          onClick={() => setFilter({ ...filter, favorites: !filter.favorites })}
        >
          {t('filter.favorites')}
        </button>
        <select
          class="model-filter"
          data-testid="filter-model"
          value={filter.model ?? ''}
          onChange={(e) => setFilter({ ...filter, model: (e.target as HTMLSelectElement).value || null })}
        >
          <option value="">{t('filter.any_model')}</option>
          {models.map((m) => (
            <option key={m.slug} value={m.slug}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      {!page ? (
        <p class="hint">{t('loading')}</p>
      ) : page.items.length === 0 ? (
        <p class="hint" data-testid="gallery-empty">
          {t('gallery.empty')}
        </p>
      ) : (
        <div class="grid" data-testid="grid">
          {page.items.map((g) => (
            <Tile key={g.id} {...shared} generation={g} onOpen={() => setOpen(g.id)} />
          ))}
        </div>
      )}
      {page?.nextOffset != null && (
        <button class="more" onClick={() => void load(page.nextOffset!)}>
          {t('gallery.more')}
        </button>
      )}
    </section>
  )
}

function Tile({ api, t, generation, onOpen }: Shared & { generation: GenerationSummary; onOpen(): void }) {
  const favorite = generation.items.some((i) => i.favorite)
  const first = generation.items[0]
  return (
    <div class="tile" data-testid="tile" data-id={generation.id} data-type={generation.type}>
      <button class="tile-open" title={generation.prompt ?? generation.model.name} onClick={onOpen}>
        <Thumb api={api} type={generation.type} item={first} />
        <span class="tile-caption">
          {favorite && <span class="star">★ </span>}
          {generation.model.name}
        </span>
      </button>
      {generation.type === 'audio' && first && <TilePlayer api={api} item={first} label={t('gallery.play')} />}
    </div>
  )
}

function Detail(shared: Shared & { id: string; onBack(): void; onChange(): void }) {
  const { api, t, webApp, id } = shared
  const [generation, setGeneration] = useState<GenerationDetail | null>(null)
  const [index, setIndex] = useState(0)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    api.get<GenerationDetail>(`generations/${id}`).then(setGeneration, (error: unknown) => {
      shared.failed(error)
      shared.onBack()
    })
  }, [id])
  if (!generation) return <p class="hint">{t('loading')}</p>
  const item = generation.items[index] ?? generation.items[0]

  const act = async (path: string, body: unknown, after: 'note' | 'close') => {
    if (busy) return
    setBusy(true)
    try {
      await api.post(`generations/${id}/${path}`, body)
      if (after === 'close') {
        shared.notify(t('detail.in_chat'))
        webApp.close()
      } else shared.notify(t('detail.sent'))
    } catch (error) {
      shared.failed(error)
    } finally {
      setBusy(false)
    }
  }
  const toggleFavorite = async () => {
    if (!item) return
    try {
      const { favorite } = await api.post<{ favorite: boolean }>(`generations/${id}/favorite`, {
        index: item.index,
        on: !item.favorite,
      })
      setGeneration({
        ...generation,
        items: generation.items.map((i) => (i.index === item.index ? { ...i, favorite } : i)),
      })
      shared.onChange()
    } catch (error) {
      shared.failed(error)
    }
  }

  return (
    <section class="detail" data-testid="detail" data-id={generation.id}>
      <button class="back" data-testid="back" onClick={shared.onBack}>
        {t('detail.back')}
      </button>
      <h2 class="detail-title">{generation.model.name}</h2>
      {item && <Player api={api} type={generation.type} item={item} />}
      {generation.items.length > 1 && (
        <div class="items">
          {generation.items.map((i) => (
            <button
              key={i.index}
              class={i.index === item?.index ? 'chip active' : 'chip'}
              onClick={() => setIndex(i.index)}
            >
              {i.index + 1}
            </button>
          ))}
        </div>
      )}
      <dl class="facts">
        {generation.prompt && (
          <>
            <dt>{t('detail.prompt')}</dt>
            <dd data-testid="prompt">{generation.prompt}</dd>
          </>
        )}
        {generation.options && (
          <>
            <dt>{t('detail.options')}</dt>
            <dd>{generation.options}</dd>
          </>
        )}
        <dt>{t('detail.price')}</dt>
        <dd data-testid="price">{generation.price}</dd>
        <dt>{t('detail.date')}</dt>
        <dd>{generation.date}</dd>
      </dl>
      <div class="actions">
        <button class="primary" data-testid="send" disabled={busy} onClick={() => void act('send', {}, 'note')}>
          {t('detail.send')}
        </button>
        <button data-testid="repeat" disabled={busy} onClick={() => void act('repeat', {}, 'close')}>
          {t('detail.repeat')}
        </button>
        {generation.canUseAsInput && item && (
          <button data-testid="use" disabled={busy} onClick={() => void act('use', { index: item.index }, 'close')}>
            {t('detail.use')}
          </button>
        )}
        <button data-testid="favorite" onClick={() => void toggleFavorite()}>
          {item?.favorite ? t('detail.unfavorite') : t('detail.favorite')}
        </button>
      </div>
    </section>
  )
}
