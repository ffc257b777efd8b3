export { createTelegramEmulator, type TelegramEmulator, type TelegramEmulatorOptions } from './app'
export { startTelegramEmulator, type RunningTelegramEmulator, type StartTelegramEmulatorOptions } from './server'
export type {
  TelegramEmulatorControl,
  BotInfo,
  BotRef,
  FaultOptions,
  WaitForMessageOptions,
  StoredFileView,
} from './control'
export type { BotSeed, UserSeed, GroupSeed } from './emulator'
export type { EmulatorEvent, EmulatorEventType, EmulatorEvents } from './events'
export type { PaymentResult } from './payments'
export type { RecordedCall, CallFilter } from './recorder'
export type { TelegramEmulatorSettings, SettingsPatch, FloodSettings, WebhookSettings, SizeLimits } from './settings'
export { defaultSettings } from './settings'
export type { CallbackAnswer, ChargeRecord, InvoiceRecord, MenuButton, MessageVersion } from './state'
export { signWebAppInitData, webAppInitData } from './web-app'
export type { TranscriptEntry, MessageKind } from './transcript'
export type { ActOptions, ButtonChoice, PayOptions, PressedButton, UserMedia } from './user-actions'
export type * from './types'
