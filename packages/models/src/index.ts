export * from './family'
export type {
  BooleanField,
  Category,
  CreateEndpoint,
  CreateTaskBody,
  CreditRange,
  DialogueLine,
  DialogueSpec,
  EnumField,
  EnumValue,
  FieldError,
  FieldSpec,
  FieldType,
  IntegerField,
  LocalizedText,
  MeasuredFrom,
  MediaField,
  MediaKind,
  ModelKind,
  ModelSpec,
  NumberField,
  OutputKind,
  Params,
  TaskRef,
  TextField,
  TextPattern,
  ValidationCode,
  ValidationResult,
  WireValue,
} from './types'
export {
  listModels,
  getModel,
  listByCategory,
  listOffered,
  isOffered,
  askedFields,
  mediaFields,
  measuredFields,
  measuredValue,
  withMeasurements,
  promptField,
  availableOptions,
  credits,
  creditRange,
} from './registry'
export type { OfferedOptions } from './registry'
export { defaultParams, validateParams, TELEGRAM_FILE_PREFIX, type ValidateOptions } from './validate'
export { buildCreateBody, InvalidParamsError } from './build'
export { exampleParams, SAMPLE_MEDIA_URLS } from './examples'
export { parseDialogue, type ParsedDialogue } from './dialogue'
export { priceExtremes } from './range'
export type { PriceExtremes, PricedParams } from './range'
export { DEFAULT_MAX_BYTES, TELEGRAM_DOWNLOAD_LIMIT_BYTES, TYPICAL_DURATION_MS } from './limits'
export { sentInputKeys, missingRequiredInputs, upstreamAvailable, scaleCredits } from './upstream'
export {
  VENDORS,
  VENDOR_IDS,
  CATALOG_TASKS,
  catalogTaskOf,
  modelCardInfo,
  cardSlugs,
  type Vendor,
  type CatalogTask,
  type ModelCardInfo,
  type RussianPrompts,
} from './cards'
export { chosenOptions, isOptionField, usableOptions } from './options'
export {
  COMPARE_KINDS,
  COMPARE_MAX_MODELS,
  COMPARE_MIN_MODELS,
  canCompare,
  comparableModels,
  compareKindOf,
  optionValueFor,
  sharedOptions,
  type CompareKind,
  type SharedOption,
} from './compare'
