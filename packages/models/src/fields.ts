import { ASPECT_LABELS, IMAGE_SIZE_LABELS, LABEL, secondsLabels } from './labels'
import { mediaMaxBytes } from './limits'
import type {
  BooleanField,
  DialogueSpec,
  TaskRef,
  EnumField,
  EnumValue,
  IntegerField,
  LocalizedText,
  MediaField,
  MediaKind,
  NumberField,
  TextField,
  TextPattern,
} from './types'

/** Builders for the field specs that recur across models, so catalog files stay declarative. */

/** Drops undefined properties so specs only carry what was decided. */
function compact<T extends object>(spec: T): T {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as T
}

interface TextOptions {
  required?: boolean
  minLength?: number
  maxLength?: number
  default?: string
  pattern?: TextPattern
  example?: string
  primary?: boolean
  hint?: LocalizedText
  taskRef?: TaskRef
  dialogue?: DialogueSpec
}

export function text(key: string, label: LocalizedText, options: TextOptions = {}): TextField {
  return compact({ key, type: 'text', label, ask: true, ...options, required: options.required ?? true })
}

interface PromptOptions {
  key?: string
  label?: LocalizedText
  minLength?: number
  required?: boolean
  hint?: LocalizedText
}

/** The main free-text input (`/gen <slug> <text>` fills it). `maxLength` undefined = the catalog sets none. */
export function prompt(maxLength: number | undefined, options: PromptOptions = {}): TextField {
  return text(options.key ?? 'prompt', options.label ?? LABEL.prompt, {
    required: options.required ?? true,
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(options.minLength === undefined ? {} : { minLength: options.minLength }),
    ...(options.hint === undefined ? {} : { hint: options.hint }),
    primary: true,
  })
}

interface ChoiceOptions<T extends EnumValue> {
  default?: T
  required?: boolean
  labels?: Readonly<Record<string, LocalizedText>>
  hint?: LocalizedText
}

export function choice<T extends EnumValue>(
  key: string,
  label: LocalizedText,
  values: readonly T[],
  options: ChoiceOptions<T> = {},
): EnumField {
  const labels = options.labels === undefined ? undefined : pickLabels(options.labels, values)
  return compact({
    key,
    type: 'enum',
    label,
    required: options.required ?? options.default !== undefined,
    ask: true,
    enum: values,
    default: options.default,
    optionLabels: labels,
    hint: options.hint,
  })
}

function pickLabels(labels: Readonly<Record<string, LocalizedText>>, values: readonly EnumValue[]) {
  const picked = Object.fromEntries(values.flatMap((v) => (labels[String(v)] ? [[String(v), labels[String(v)]]] : [])))
  return Object.keys(picked).length > 0 ? (picked as Record<string, LocalizedText>) : undefined
}

export function aspectRatio(values: readonly string[], defaultValue: string, key = 'aspect_ratio'): EnumField {
  return choice(key, LABEL.aspectRatio, values, { default: defaultValue, labels: ASPECT_LABELS })
}

/** Named sizes (square_hd, landscape_16_9...) of seedream v4, ideogram and qwen. */
export function imageSize(values: readonly string[], defaultValue: string, key = 'image_size'): EnumField {
  return choice(key, LABEL.imageSize, values, { default: defaultValue, labels: IMAGE_SIZE_LABELS })
}

/** Kie spells 4K in lower case on the wire (`4k`); people write it 4K. */
const RESOLUTION_LABELS = { '4k': { ru: '4K', en: '4K' } }

export function resolution(values: readonly string[], defaultValue: string, key = 'resolution'): EnumField {
  return choice(key, LABEL.resolution, values, { default: defaultValue, labels: RESOLUTION_LABELS })
}

/** Duration picked from fixed values; keeps their wire type ("5" or 5). */
export function duration<T extends EnumValue>(values: readonly T[], defaultValue: T, key = 'duration'): EnumField {
  return choice(key, LABEL.duration, values, { default: defaultValue, labels: secondsLabels(values) })
}

export function toggle(key: string, label: LocalizedText, defaultValue: boolean, hint?: LocalizedText): BooleanField {
  return compact({ key, type: 'boolean', label, required: true, ask: true, default: defaultValue, hint })
}

interface NumericOptions {
  min?: number
  max?: number
  default?: number
  presets?: readonly number[]
  unit?: 'seconds' | 'px'
  required?: boolean
  hint?: LocalizedText
}

export function integer(key: string, label: LocalizedText, options: NumericOptions): IntegerField {
  return compact({
    key,
    type: 'integer',
    label,
    ask: true,
    ...options,
    required: options.required ?? options.default !== undefined,
  })
}

export function decimal(key: string, label: LocalizedText, options: NumericOptions): NumberField {
  return compact({
    key,
    type: 'number',
    label,
    ask: true,
    ...options,
    required: options.required ?? options.default !== undefined,
  })
}

/**
 * Whole seconds (rounded up, at least 1) of an uploaded audio/video, filled by the caller;
 * unknown length is billed as `maxSeconds`.
 */
export function measuredSeconds(key: string, media: string, label: LocalizedText, maxSeconds: number): NumberField {
  return {
    key,
    type: 'number',
    label,
    required: false,
    ask: false,
    min: 1,
    max: maxSeconds,
    default: maxSeconds,
    unit: 'seconds',
    measuredFrom: { media, quantity: 'duration-seconds' },
  }
}

/** Longer side of an uploaded image in pixels, filled by the caller; unknown size is billed as `assumed`. */
export function measuredLongSide(key: string, media: string, assumed: number): IntegerField {
  return {
    key,
    type: 'integer',
    label: LABEL.imageLongSide,
    required: false,
    ask: false,
    min: 1,
    default: assumed,
    unit: 'px',
    measuredFrom: { media, quantity: 'long-side-px' },
  }
}

interface MediaOptions {
  label: LocalizedText
  /** Kie's per-file limit in MB from the catalog (`maxFileSize`); default by kind. */
  maxMb?: number
  required?: boolean
  hint?: LocalizedText
}

function media(
  key: string,
  kind: MediaKind,
  multiple: boolean,
  minItems: number,
  maxItems: number,
  options: MediaOptions,
): MediaField {
  return compact({
    key,
    type: 'media',
    label: options.label,
    required: options.required ?? true,
    ask: true,
    kind,
    multiple,
    minItems,
    maxItems,
    maxBytes: mediaMaxBytes(kind, options.maxMb),
    hint: options.hint,
  })
}

/** One image, sent as a URL string. */
export function image(key: string, options: MediaOptions): MediaField {
  return media(key, 'image', false, 1, 1, options)
}

/** 1..maxItems images, sent as an array of URLs (also when maxItems is 1). */
export function images(key: string, maxItems: number, options: MediaOptions): MediaField {
  return media(key, 'image', true, 1, maxItems, options)
}

export function video(key: string, options: MediaOptions): MediaField {
  return media(key, 'video', false, 1, 1, options)
}

export function videos(key: string, maxItems: number, options: MediaOptions): MediaField {
  return media(key, 'video', true, 1, maxItems, options)
}

export function audio(key: string, options: MediaOptions): MediaField {
  return media(key, 'audio', false, 1, 1, options)
}
