import type { Db, ModelAdminSettings } from '@kiebot/db'
import { latestFxRate, modelSettings } from '@kiebot/db'
import type { ModelSpec, Params } from '@kiebot/models'
import { creditRange } from '@kiebot/models'
import { quote, quoteRange, type Quote } from '@kiebot/pricing'

export class PricesUnavailableError extends Error {
  constructor() {
    super('no exchange rate: none stored yet and FX_DEFAULT_RUB_PER_USD is not set')
    this.name = 'PricesUnavailableError'
  }
}

/**
 * Everything a price needs, read from the database (the worker refreshes the
 * exchange rate hourly; admins change model settings) and cached briefly. Every
 * screen and the charge call `quote` through here, so shown = charged.
 */
export class PriceBook {
  private fx?: { rubPerUsd: number; at: number }
  private settings?: { byModel: Map<string, ModelAdminSettings>; at: number }

  constructor(
    private readonly db: Db,
    private readonly options: { markup: number; defaultRubPerUsd?: number; cacheMs?: number },
  ) {}

  private fresh(at: number | undefined): boolean {
    return at !== undefined && Date.now() - at < (this.options.cacheMs ?? 30_000)
  }

  async fxRate(): Promise<number> {
    if (this.fx && this.fresh(this.fx.at)) return this.fx.rubPerUsd
    const stored = await latestFxRate(this.db)
    const rubPerUsd = stored?.rubPerUsd ?? this.options.defaultRubPerUsd
    if (rubPerUsd === undefined) throw new PricesUnavailableError()
    this.fx = { rubPerUsd, at: Date.now() }
    return rubPerUsd
  }

  async settingsOf(slug: string): Promise<ModelAdminSettings | undefined> {
    if (!this.settings || !this.fresh(this.settings.at)) this.settings = { byModel: await modelSettings(this.db), at: Date.now() }
    return this.settings.byModel.get(slug)
  }

  async isEnabled(slug: string): Promise<boolean> {
    return (await this.settingsOf(slug))?.enabled ?? true
  }

  /** Read from the database now, not the cache (Confirm: an admin may have just turned the model off). */
  async isEnabledNow(slug: string): Promise<boolean> {
    this.settings = { byModel: await modelSettings(this.db), at: Date.now() }
    return this.settings.byModel.get(slug)?.enabled ?? true
  }

  /** Forget cached values (after an admin change in this process). */
  invalidate(): void {
    this.fx = undefined
    this.settings = undefined
  }

  /** The exact price of these (validated) parameters. */
  async quote(model: ModelSpec, params: Params): Promise<Quote> {
    const [fxRubPerUsd, settings] = await Promise.all([this.fxRate(), this.settingsOf(model.slug)])
    return quote({ credits: model.credits(params), fxRubPerUsd, markup: this.options.markup, override: settings?.override ?? null })
  }

  /** Cheapest and dearest price over all parameter choices (catalog cards). */
  async range(model: ModelSpec): Promise<{ minKopecks: number; maxKopecks: number }> {
    const [fxRubPerUsd, settings] = await Promise.all([this.fxRate(), this.settingsOf(model.slug)])
    const { min, max } = creditRange(model)
    return quoteRange({ minCredits: min, maxCredits: max }, fxRubPerUsd, this.options.markup, settings?.override ?? null)
  }
}
