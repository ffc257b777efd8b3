// The gateway's API (/app/api): every request carries Telegram's signed initData.

export type MediaType = 'image' | 'video' | 'audio'

export interface Item {
  index: number
  source: 'file' | 'link'
  path?: string
  url?: string
  /** a delivered video's poster (Telegram's thumbnail), a path of the media endpoint */
  poster?: string
  favorite: boolean
}

export interface GenerationSummary {
  id: string
  model: { slug: string; name: string }
  type: MediaType
  date: string
  price: string
  prompt: string | null
  items: Item[]
}

export interface GenerationDetail extends GenerationSummary {
  options: string
  canUseAsInput: boolean
}

export interface GenerationPage {
  items: GenerationSummary[]
  nextOffset: number | null
  models: { slug: string; name: string; type: MediaType }[]
}

export interface CatalogModel {
  slug: string
  name: string
  description: string
  type: MediaType
  task: string
  example: string | null
  price: string
}

export interface Catalog {
  tasks: { id: string; name: string }[]
  models: CatalogModel[]
}

export interface Balance {
  balance: string
  entries: { id: string; date: string; amount: string; credit: boolean; kind: string; model: string | null }[]
  nextOffset: number | null
}

export interface Me {
  id: number
  firstName: string
  lang: 'ru' | 'en'
  balance: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`)
  }
}

const BASE = `${import.meta.env.BASE_URL}api/`

export class Api {
  constructor(private readonly initData: string) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(BASE + path, {
      ...init,
      headers: {
        authorization: `tma ${this.initData}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    })
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string }
      throw new ApiError(response.status, body.error ?? 'error')
    }
    return response
  }

  async get<T>(path: string): Promise<T> {
    return (await (await this.request(path)).json()) as T
  }

  async post<T>(path: string, body: unknown = {}): Promise<T> {
    return (await (await this.request(path, { method: 'POST', body: JSON.stringify(body) })).json()) as T
  }

  /** the blob: URLs of files shown now, with how many places show each */
  private readonly blobs = new Map<string, { url: Promise<string>; users: number }>()

  /**
   * A delivered file as a blob: URL (the media endpoint needs the header too); each call is
   * matched by one `release(path)` when the file is no longer shown.
   */
  media(path: string): Promise<string> {
    let entry = this.blobs.get(path)
    if (!entry) {
      const url = this.request(path).then(async (r) => URL.createObjectURL(await r.blob()))
      const created = { url, users: 0 }
      url.catch(() => {
        if (this.blobs.get(path) === created) this.blobs.delete(path)
      })
      this.blobs.set(path, created)
      entry = created
    }
    entry.users++
    return entry.url
  }

  /** The file of `path` is shown in one place less: its blob: URL is revoked when no place shows it. */
  release(path: string): void {
    const entry = this.blobs.get(path)
    if (!entry || --entry.users > 0) return
    this.blobs.delete(path)
    entry.url.then(
      (url) => URL.revokeObjectURL(url),
      () => undefined,
    )
  }
}
