-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "kie_credits_reported" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "generations_model_id_completed_at_idx" ON "generations"("model_id", "completed_at");


-- Rows settled before this column: a value that differs from the quote can only have come from Kie.
UPDATE "generations" SET "kie_credits_reported" = true WHERE "kie_credits_consumed" IS NOT NULL AND "kie_credits_consumed" <> "price_credits";
