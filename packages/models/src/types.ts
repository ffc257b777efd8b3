import type { ApiFamily } from './family'

/** A user-facing text in both bot languages. */
export interface LocalizedText {
  readonly ru: string
  readonly en: string
}

/** Catalog section a user browses. */
export type Category = 'image' | 'video' | 'audio'
/** What the result is; drives sendPhoto / sendVideo / sendAudio. */
export type OutputKind = 'image' | 'video' | 'audio'
/** What a media input accepts. */
export type MediaKind = 'image' | 'video' | 'audio'

/** What an offering does, as a user would put it. */
export type ModelKind =
  | 'text-to-image'
  | 'image-to-image'
  | 'image-edit'
  | 'character-reference'
  | 'image-upscale'
  | 'background-removal'
  | 'text-to-video'
  | 'image-to-video'
  | 'video-to-video'
  | 'video-upscale'
  | 'video-extend'
  | 'watermark-removal'
  | 'talking-avatar'
  | 'lip-sync'
  | 'speech-to-video'
  | 'text-to-speech'
  | 'text-to-dialogue'
  | 'sound-effect'
  | 'audio-isolation'
  | 'music'

/** Parameters of one generation, keyed by the exact Kie field name. */
export type Params = Record<string, unknown>

/** A JSON value as sent to Kie. */
export type WireValue = string | number | boolean | readonly WireValue[] | { readonly [key: string]: WireValue }

/** An enum value keeps its wire type: "5" stays a string, 5 stays a number. */
export type EnumValue = string | number

interface FieldCommon {
  /** Exact Kie wire name (they differ per model: image_urls, image_input, imageUrls...). */
  readonly key: string
  readonly label: LocalizedText
  readonly hint?: LocalizedText
  /** A value must be present after defaults are filled. */
  readonly required: boolean
  /**
   * true: the wizard asks the user (optional ones can be skipped).
   * false: the value is measured from an uploaded file by the caller (see `measuredFrom`).
   * Constant wire values live in `ModelSpec.fixedInput`, unused catalog fields in `ModelSpec.omittedInput`.
   */
  readonly ask: boolean
}

export interface TextPattern {
  readonly regex: string
  readonly message: LocalizedText
}

export interface TextField extends FieldCommon {
  readonly type: 'text'
  readonly default?: string
  /** Lengths count Unicode characters (code points). */
  readonly minLength?: number
  readonly maxLength?: number
  readonly pattern?: TextPattern
  /** A valid sample value (used for hints and tests). */
  readonly example?: string
  /** The main free-text input: `/gen <slug> <text>` fills this field. */
  readonly primary?: boolean
  /** The value names an earlier successful generation of one of these Kie models (see TaskRef). */
  readonly taskRef?: TaskRef
  /**
   * The value is a dialogue script, one `Voice: text` line per turn; on the wire it becomes
   * Kie's list of `{ text, voice }` lines (see dialogue.ts).
   */
  readonly dialogue?: DialogueSpec
}

/** A text field that names one of the user's earlier generations. */
export interface TaskRef {
  readonly kieModels: readonly string[]
  /**
   * What the value is: the Kie task id of the generation (default), or the upstream id of one
   * of its results (`track`: Suno's track ids, kept on the generation as resultTrackIds).
   */
  readonly value?: 'task' | 'track'
  /** Params copied from the picked generation into the draft (e.g. Suno's model version). */
  readonly copyParams?: readonly string[]
}

/** What a dialogue script may use. */
export interface DialogueSpec {
  /** Voice names exactly as Kie spells them (Kie is case-sensitive; the script is not). */
  readonly voices: readonly string[]
  /** Most distinct voices in one script. */
  readonly maxVoices: number
}

/** One turn of a dialogue as Kie takes it. */
export interface DialogueLine {
  readonly text: string
  readonly voice: string
}

export interface EnumField extends FieldCommon {
  readonly type: 'enum'
  readonly enum: readonly EnumValue[]
  readonly default?: EnumValue
  /** Human labels, keyed by String(value); values without one are shown as they are. */
  readonly optionLabels?: Readonly<Record<string, LocalizedText>>
}

export interface BooleanField extends FieldCommon {
  readonly type: 'boolean'
  readonly default?: boolean
}

/** Measured fields are filled by the caller from the uploaded file, never sent to Kie. */
export interface MeasuredFrom {
  /** key of the media field measured */
  readonly media: string
  readonly quantity: 'duration-seconds' | 'long-side-px'
}

interface NumericCommon extends FieldCommon {
  readonly default?: number
  readonly min?: number
  readonly max?: number
  /** Suggested values for wizard buttons. */
  readonly presets?: readonly number[]
  readonly unit?: 'seconds' | 'px'
  readonly measuredFrom?: MeasuredFrom
}

export interface IntegerField extends NumericCommon {
  readonly type: 'integer'
}

export interface NumberField extends NumericCommon {
  readonly type: 'number'
}

export interface MediaField extends FieldCommon {
  readonly type: 'media'
  readonly kind: MediaKind
  /** true: the wire value is an array of URLs; false: one URL string. */
  readonly multiple: boolean
  readonly minItems: number
  readonly maxItems: number
  /** Per file; capped at the Telegram bot download limit (20 MB). */
  readonly maxBytes: number
  /** Files have no default. */
  readonly default?: undefined
}

export type FieldSpec = TextField | EnumField | BooleanField | IntegerField | NumberField | MediaField
export type FieldType = FieldSpec['type']

export type ValidationCode =
  | 'required'
  | 'unknown_field'
  | 'not_settable'
  | 'invalid_type'
  | 'invalid_option'
  | 'too_short'
  | 'too_long'
  | 'too_small'
  | 'too_large'
  | 'not_integer'
  | 'too_few_files'
  | 'too_many_files'
  | 'invalid_url'
  | 'invalid_format'
  | 'media_too_long'
  | 'conflict'

export interface FieldError {
  readonly field: string
  readonly code: ValidationCode
  readonly message: LocalizedText
}

export type ValidationResult =
  { readonly ok: true; readonly params: Params } | { readonly ok: false; readonly errors: readonly FieldError[] }

export interface CreditRange {
  readonly min: number
  readonly max: number
}

/**
 * Which create endpoint of its family a model uses, by name (the paths are packages/kie's):
 * `generate` for most, or another one (Veo extend...).
 */
export type CreateEndpoint = 'generate' | 'veo-extend' | 'runway-extend' | 'suno-upload-cover' | 'suno-extend'

/** The create-task body for the Kie client (packages/kie adds the path: `buildCreateRequest`). */
export interface CreateTaskBody {
  readonly family: ApiFamily
  readonly endpoint: CreateEndpoint
  readonly body: Record<string, unknown>
}

/** One offering of the bot's catalog: what a user picks. */
export interface ModelSpec {
  /** Unique, [a-z0-9-], <= 32 chars. Persisted in callback data and deep links: never rename. */
  readonly slug: string
  /** Exact Kie model string on the wire (flat families: the body `model`, or the family name when it has none). */
  readonly kieModel: string
  /** the upstream vendor retired this model on that date: hidden unless the latest good catalog sync lists its kieModel */
  readonly upstreamRetired?: string
  /** The `model` key of this offering's entry in data/kie-models.json. */
  readonly catalogModel: string
  readonly family: ApiFamily
  /** Create endpoint when not the family's generate (e.g. Veo extend), by name: packages/kie has the paths. */
  readonly createEndpoint?: Exclude<CreateEndpoint, 'generate'>
  readonly category: Category
  readonly kind: ModelKind
  readonly output: OutputKind
  readonly name: LocalizedText
  readonly description: LocalizedText
  readonly inPredecessor: boolean
  /** Give up following the task after this long (then refund). */
  readonly deadlineMs: number
  /** How long Kie usually takes (scales how long a create with a lost answer waits for its callback). */
  readonly typicalMs: number
  /** Wizard order: asked fields first to last, then measured ones. */
  readonly fields: readonly FieldSpec[]
  /** Sent on every request with these values; never asked. */
  readonly fixedInput: Readonly<Record<string, WireValue>>
  /** Catalog fields this offering never sends, with the reason. */
  readonly omittedInput: Readonly<Record<string, string>>
  /** Wire keys computed from other params when not set (e.g. Veo generationType). */
  readonly derivedInput: readonly string[]
  /** Field keys the price depends on. */
  readonly priceInputs: readonly string[]
  /** Kie credits for these params (defaults filled in); at most 3 decimals, rounded up. */
  credits(params: Params): number
  /** Cheapest and dearest valid parameter choice. */
  creditRange(): CreditRange
  /** Cross-field rules; per-field checks are in validateParams. */
  crossFieldErrors(params: Params): readonly FieldError[]
  /** Values for `derivedInput` keys. */
  deriveInput(params: Params): Readonly<Record<string, WireValue>>
}
