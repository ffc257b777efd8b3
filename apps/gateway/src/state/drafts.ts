import { randomBytes, randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Params } from '@kiebot/models'

/**
 * A generation being prepared: the model, the parameters chosen so far and which
 * wizard field is current. Kept in Redis (any gateway replica can serve the next
 * update), for a few hours. `generationId` is fixed when the draft is created, so a
 * double-pressed Confirm reserves the same generation once.
 *
 * Bounded per user (Redis runs `noeviction`, so unbounded drafts would stop every
 * queue): at most MAX_DRAFTS_PER_USER are kept, newest first; creating one more
 * deletes the oldest. Per user that is the drafts plus two small keys (the current
 * draft and the list of kept ones).
 */
export interface Draft {
  /** short id used in callback data */
  id: string
  generationId: string
  userId: string
  chatId: string
  slug: string
  params: Params
  /** index into the model's asked fields; equal to their count on the confirmation screen */
  field: number
  /** the price shown on the confirmation screen: Confirm charges only this */
  shownKopecks?: number
  /** the message showing the draft's latest screen: a pack pressed there tops up for this draft; a step sent as a new message takes its buttons away */
  messageId?: number
  /** "Edit" from the confirmation chose one field: setting it goes back to the confirmation */
  editing?: boolean
  /** width / height of the first photo the user sent (editors' aspect ratio follows it) */
  sourceAspect?: number
  /** one field is asked (a result's "edit the prompt", the prompt again after a failure), then straight to the price */
  thenConfirm?: boolean
}

export const DRAFT_TTL_SECONDS = 3 * 3600
export const MAX_DRAFTS_PER_USER = 3

export class DraftStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:draft:${id}`
  }
  private userKey(userId: string): string {
    return `${this.prefix}:user-draft:${userId}`
  }
  /** the user's kept drafts, newest first */
  private listKey(userId: string): string {
    return `${this.prefix}:user-drafts:${userId}`
  }

  /** Starts a new draft and makes it the user's current one. */
  async create(input: {
    userId: string
    chatId: string
    slug: string
    params: Params
    field?: number
    generationId?: string
    thenConfirm?: boolean
  }): Promise<Draft> {
    const draft: Draft = {
      id: randomBytes(6).toString('base64url'),
      generationId: input.generationId ?? randomUUID(),
      userId: input.userId,
      chatId: input.chatId,
      slug: input.slug,
      params: input.params,
      field: input.field ?? 0,
      ...(input.thenConfirm ? { thenConfirm: true } : {}),
    }
    const list = this.listKey(draft.userId)
    const result = await this.redis
      .multi()
      .set(this.key(draft.id), JSON.stringify(draft), 'EX', DRAFT_TTL_SECONDS)
      .set(this.userKey(draft.userId), draft.id, 'EX', DRAFT_TTL_SECONDS)
      .lpush(list, draft.id)
      .lrange(list, MAX_DRAFTS_PER_USER, -1)
      .ltrim(list, 0, MAX_DRAFTS_PER_USER - 1)
      .expire(list, DRAFT_TTL_SECONDS)
      .exec()
    const evicted = (result?.[3]?.[1] ?? []) as string[]
    if (evicted.length > 0) await this.redis.del(...evicted.map((id) => this.key(id)))
    return draft
  }

  async get(id: string): Promise<Draft | null> {
    const raw = await this.redis.get(this.key(id))
    return raw ? (JSON.parse(raw) as Draft) : null
  }

  async save(draft: Draft): Promise<void> {
    await this.redis
      .multi()
      .set(this.key(draft.id), JSON.stringify(draft), 'EX', DRAFT_TTL_SECONDS, 'XX')
      .set(this.userKey(draft.userId), draft.id, 'EX', DRAFT_TTL_SECONDS)
      .expire(this.listKey(draft.userId), DRAFT_TTL_SECONDS)
      .exec()
  }

  /** The draft the user is filling in, if any (text and media messages go to it). */
  async current(userId: string): Promise<Draft | null> {
    const id = await this.redis.get(this.userKey(userId))
    return id ? this.get(id) : null
  }

  async discard(draft: Draft): Promise<void> {
    const current = await this.redis.get(this.userKey(draft.userId))
    const multi = this.redis.multi().del(this.key(draft.id)).lrem(this.listKey(draft.userId), 0, draft.id)
    if (current === draft.id) multi.del(this.userKey(draft.userId))
    await multi.exec()
  }
}
