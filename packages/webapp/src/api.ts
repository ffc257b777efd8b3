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

  private readonly blobs = new Map<string, Promise<string>>()

  /** A delivered file as a blob: URL (the media endpoint needs the header too). */
  media(path: string): Promise<string> {
    let url = this.blobs.get(path)
    if (!url) {
      url = this.request(path).then(async (r) => URL.createObjectURL(await r.blob()))
      url.catch(() => this.blobs.delete(path))
      this.blobs.set(path, url)
    }
    return url
  }
}
