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
