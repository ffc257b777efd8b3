export { escapeHtml } from './html'
export {
  replyMarkup,
  type CallbackButton,
  type InlineButton,
  type InlineKeyboard,
  type UrlButton,
  type WebAppButton,
} from './keyboard'
export {
  isBotBlocked,
  isCannotEdit,
  isChargeAlreadyRefunded,
  isChatNotFound,
  isDefiniteRefusal,
  isNotModified,
  isRateLimited,
  isWrongFileType,
  refusalOf,
  retryAfterOf,
  type TelegramRefusal,
} from './errors'
export {
  formatDeliveredItem,
  fileExtension,
  formatMediaRef,
  mediaTypeOf,
  parseDeliveredItem,
  parseMediaRef,
  resultItems,
  resultPoster,
  telegramFileIdOf,
  telegramFileRef,
  type DeliveredItem,
  type MediaRef,
} from './media'
export {
  elapsedText,
  failureKeyboard,
  failureReason,
  modelName,
  pendingUploads,
  queuedStatus,
  renderStatus,
  resultKeyboard,
  type RenderedStatus,
  type StatusExtras,
  type StatusKeyboard,
  type StatusRow,
} from './status'
export { providerFailure, usualFromSamples, usualText, type ProviderFailure, type UsualDuration } from './progress'
export { ALERT_QUIET_MS, alertAdmins, type AdminAlert, type AlertDeps } from './alerts'
export {
  audioMeta,
  CAPTION_MAX_CHARS,
  inputTargets,
  inputTasks,
  keyOptions,
  lyricsMessage,
  nextStepsKeyboard,
  promptOf,
  promptSnippet,
  RESULT_LINK_HOURS,
  resultCaption,
  shorten,
  variantKeyboard,
  type InputTarget,
  type ResultRow,
} from './results'
