import { useEffect, useState } from 'preact/hooks'
import type { Api, Item, MediaType } from './api'

/** A result's file: a delivered one fetched through the gateway (with initData), a link as it is. */
function useSource(api: Api, item: Item | undefined): string | null {
  const [src, setSrc] = useState<string | null>(item?.source === 'link' ? (item.url ?? null) : null)
  useEffect(() => {
    if (!item) return
    if (item.source === 'link') return setSrc(item.url ?? null)
    let live = true
    const path = item.path!
    api.media(path).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    )
    return () => {
      live = false
      api.release(path)
    }
  }, [item?.path, item?.url])
  return src
}

const ICONS: Record<MediaType, string> = { image: '🖼', video: '🎬', audio: '🎵' }

/** A delivered video's poster (Telegram's thumbnail) as a blob: URL; null while it loads or when it failed. */
function usePoster(api: Api, path: string | undefined): string | null {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    setSrc(null)
    if (!path) return
    let live = true
    api.media(path).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    )
    return () => {
      live = false
    }
  }, [path])
  return src
}

/**
 * A grid tile's picture: an image itself; a delivered video's poster (Telegram's thumbnail)
 * under a play mark; a video's first frame when it is Kie's link (the browser reads only its
 * start); else an icon (its file loads when the result is opened).
 */
export function Thumb({ api, type, item }: { api: Api; type: MediaType; item: Item | undefined }) {
  const src = useSource(api, type === 'image' ? item : undefined)
  const poster = usePoster(api, type === 'video' ? item?.poster : undefined)
  if (type === 'image' && src) return <img class="thumb-media" src={src} alt="" loading="lazy" />
  if (type === 'video' && poster)
    return (
      <div class="thumb-poster">
        <img class="thumb-media" data-testid="tile-poster" src={poster} alt="" loading="lazy" />
        <span class="thumb-play" aria-hidden="true">
          ▶
        </span>
      </div>
    )
  if (type === 'video' && item?.source === 'link' && item.url)
    return <video class="thumb-media" src={`${item.url}#t=0.1`} muted preload="metadata" playsInline />
  return <div class={`thumb-icon thumb-${type}`}>{ICONS[type]}</div>
}

/** A track's player in the grid: its file is fetched on the first press of play. */
export function TilePlayer({ api, item, label }: { api: Api; item: Item; label: string }) {
  const [src, setSrc] = useState<string | null>(item.source === 'link' ? (item.url ?? null) : null)
  const [failed, setFailed] = useState(false)
  const [fetched, setFetched] = useState(false)
  // the fetched file is let go when the tile goes
  useEffect(() => {
    if (!fetched) return
    const path = item.path!
    return () => api.release(path)
  }, [fetched, item.path])
  if (src)
    return <audio class="tile-audio" data-testid="tile-audio" src={src} controls autoPlay={item.source === 'file'} />
  return (
    <button
      class="tile-play"
      data-testid="tile-play"
      aria-label={label}
      disabled={failed}
      onClick={() =>
        void api.media(item.path!).then(
          (url) => {
            setFetched(true)
            setSrc(url)
          },
          () => setFailed(true),
        )
      }
    >
      ▶
    </button>
  )
}

/** The opened result: the picture, a video player, or an audio player. */
export function Player({ api, type, item }: { api: Api; type: MediaType; item: Item }) {
  const src = useSource(api, item)
  const poster = usePoster(api, type === 'video' ? item.poster : undefined)
  if (!src) return <div class="player-loading">…</div>
  if (type === 'video')
    return <video class="player" data-testid="player" src={src} poster={poster ?? undefined} controls playsInline />
  if (type === 'audio') return <audio class="player" data-testid="player" src={src} controls />
  return <img class="player" data-testid="player" src={src} alt="" />
}
