import { useEffect, useState } from 'preact/hooks'
import type { Api, Item, MediaType } from './api'

/** A result's file: a delivered one fetched through the gateway (with initData), a link as it is. */
function useSource(api: Api, item: Item | undefined): string | null {
  const [src, setSrc] = useState<string | null>(item?.source === 'link' ? (item.url ?? null) : null)
  useEffect(() => {
    if (!item) return
    if (item.source === 'link') return setSrc(item.url ?? null)
    let live = true
    api.media(item.path!).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    )
    return () => {
      live = false
    }
  }, [item?.path, item?.url])
  return src
}

const ICONS: Record<MediaType, string> = { image: '🖼', video: '🎬', audio: '🎵' }

/** A grid tile: an image's picture; a video's or a track's icon (their files load when opened). */
export function Thumb({ api, type, item }: { api: Api; type: MediaType; item: Item | undefined }) {
  const src = useSource(api, type === 'image' ? item : undefined)
  if (type === 'image' && src) return <img class="thumb-media" src={src} alt="" loading="lazy" />
  return <div class={`thumb-icon thumb-${type}`}>{ICONS[type]}</div>
}

/** The opened result: the picture, a video player, or an audio player. */
export function Player({ api, type, item }: { api: Api; type: MediaType; item: Item }) {
  const src = useSource(api, item)
  if (!src) return <div class="player-loading">…</div>
  if (type === 'video') return <video class="player" data-testid="player" src={src} controls playsInline />
  if (type === 'audio') return <audio class="player" data-testid="player" src={src} controls />
  return <img class="player" data-testid="player" src={src} alt="" />
}
