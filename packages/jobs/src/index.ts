export {
  QUEUE_NAMES,
  SCHEDULED_JOBS,
  generationJob,
  generationJobId,
  scheduledJob,
  telegramJob,
  type GenerationJob,
  type QueueName,
  type ScheduledJobName,
  type TelegramJob,
} from './contracts'
export { CALLBACK_DATA_MAX_BYTES, callbackData, type CallbackDataKind } from './callback-data'
