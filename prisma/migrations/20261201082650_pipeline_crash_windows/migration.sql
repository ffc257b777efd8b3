-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "delivery_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "notified_at" TIMESTAMP(3),
ADD COLUMN     "submit_attempt" TEXT;

-- CreateIndex
CREATE INDEX "generations_notified_at_completed_at_idx" ON "generations"("notified_at", "completed_at");

-- Generations that ended before this migration owe no final message.
UPDATE "generations" SET "notified_at" = COALESCE("completed_at", "updated_at") WHERE "status" NOT IN ('queued', 'running');
