-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "delivery_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "notified_at" TIMESTAMP(3),
ADD COLUMN     "submit_attempt" TEXT;


-- Generations that ended before this migration owe no final message.
UPDATE "generations" SET "notified_at" = COALESCE("completed_at", "updated_at") WHERE "status" NOT IN ('queued', 'running');
