-- AlterTable
ALTER TABLE "model_settings" ADD COLUMN     "pinned_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "generations_created_at_model_id_idx" ON "generations"("created_at", "model_id");

