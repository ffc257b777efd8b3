import type { CatalogOfferingState, Db, ModelAdminSettings } from '@kiebot/db'
import { catalogOfferings, latestFxRate, listedKieModels, modelSettings, modelStateNow } from '@kiebot/db'
import type { ModelSpec, Params } from '@kiebot/models'
import { creditRange, getModel, scaleCredits, upstreamAvailable } from '@kiebot/models'
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
  /** what the catalog sync decided (credit factors, hidden offerings) and what Kie listed last */
  private catalog?: { byModel: Map<string, CatalogOfferingState>; listed: Set<string> | null; at: number }

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
    if (!this.settings || !this.fresh(this.settings.at))
      this.settings = { byModel: await modelSettings(this.db), at: Date.now() }
    return this.settings.byModel.get(slug)
  }

  async isEnabled(slug: string): Promise<boolean> {
    return (await this.settingsOf(slug))?.enabled ?? true
  }

  /** Forget cached values (after an admin change in this process). */
  invalidate(): void {
    this.fx = undefined
    this.settings = undefined
    this.catalog = undefined
  }

  private async catalogState(): Promise<{ byModel: Map<string, CatalogOfferingState>; listed: Set<string> | null }> {
    if (!this.catalog || !this.fresh(this.catalog.at)) {
      const [byModel, listed] = await Promise.all([catalogOfferings(this.db), listedKieModels(this.db)])
      this.catalog = { byModel, listed, at: Date.now() }
    }
    return this.catalog
  }

  /** What the catalog sync decided for this offering (no row: factor 1, shown). */
  async catalogOf(slug: string): Promise<CatalogOfferingState | undefined> {
    return (await this.catalogState()).byModel.get(slug)
  }

  /**
   * Whether users may buy it: an admin left it enabled, the catalog sync did not hide it, and
   * a model its vendor retired is listed by Kie's latest good catalog.
   */
  async isOffered(slug: string): Promise<boolean> {
    return (await this.availability(slug)) === 'offered'
  }

  /** As `isOffered`, saying why not (`withdrawn`: the catalog hid it; `disabled`: an admin did). */
  async availabilityOf(slug: string): Promise<Availability> {
    return this.availability(slug)
  }

  /**
   * As `availabilityOf`, read from the database now (Confirm: an admin or another replica's
   * catalog sync may have just turned the model off, hidden it or raised its price). One
   * statement for this model; its settings and offering in the cache are replaced with what it
   * read, so the quote Confirm makes next charges today's price, not a cached one.
   */
  async availabilityNow(slug: string): Promise<Availability> {
    const model = getModel(slug)
    if (!model) return 'disabled'
    const now = await modelStateNow(this.db, slug, model.kieModel)
    // a cache that is missing or stale is read whole by the quote anyway, as fresh as this
    if (this.settings && this.fresh(this.settings.at)) patch(this.settings.byModel, slug, now.settings)
    if (this.catalog && this.fresh(this.catalog.at)) patch(this.catalog.byModel, slug, now.offering)
    const listed = now.listed === null ? null : new Set(now.listed ? [model.kieModel] : [])
    return availabilityFrom(model, now.settings?.enabled ?? true, now.offering, listed)
  }

  private async availability(slug: string): Promise<Availability> {
    const model = getModel(slug)
    if (!model) return 'disabled'
    if (!(await this.isEnabled(slug))) return 'disabled'
    const catalog = await this.catalogState()
    return availabilityFrom(model, true, catalog.byModel.get(slug), catalog.listed)
  }

  /** Registry credits of these params as the catalog sync priced them (never below Kie's price). */
  private async creditsOf(model: ModelSpec, credits: number): Promise<number> {
    return scaleCredits(credits, (await this.catalogOf(model.slug))?.creditFactor ?? 1)
  }

  /** The exact price of these (validated) parameters. */
  async quote(model: ModelSpec, params: Params): Promise<Quote> {
    const [fxRubPerUsd, settings, credits] = await Promise.all([
      this.fxRate(),
      this.settingsOf(model.slug),
      this.creditsOf(model, model.credits(params)),
    ])
    return quote({ credits, fxRubPerUsd, markup: this.options.markup, override: settings?.override ?? null })
  }

  /** Cheapest and dearest price over all parameter choices (catalog cards). */
  async range(model: ModelSpec): Promise<{ minKopecks: number; maxKopecks: number }> {
    const { min, max } = creditRange(model)
    const [fxRubPerUsd, settings, minCredits, maxCredits] = await Promise.all([
      this.fxRate(),
      this.settingsOf(model.slug),
      this.creditsOf(model, min),
      this.creditsOf(model, max),
    ])
    return quoteRange({ minCredits, maxCredits }, fxRubPerUsd, this.options.markup, settings?.override ?? null)
  }
}

type Availability = 'offered' | 'disabled' | 'withdrawn'

/**
 * Whether users may buy it, from what was read of it: an admin left it enabled, the catalog sync
 * did not hide it, and a model its vendor retired is listed by Kie's latest good catalog.
 */
function availabilityFrom(
  model: ModelSpec,
  enabled: boolean,
  offering: CatalogOfferingState | null | undefined,
  listed: ReadonlySet<string> | null,
): Availability {
  if (!enabled) return 'disabled'
  if (offering?.hiddenReason) return 'withdrawn'
  return upstreamAvailable(model, listed) ? 'offered' : 'withdrawn'
}

/** One model's entry of a cached map set to what was read now (none: no row). */
function patch<T>(byModel: Map<string, T>, slug: string, value: T | null): void {
  if (value === null) byModel.delete(slug)
  else byModel.set(slug, value)
}
