-- AlterTable
ALTER TABLE "users" ADD COLUMN     "auto_confirm_kopecks" INTEGER,
ADD COLUMN     "current_model_id" TEXT;

-- CreateTable
CREATE TABLE "user_model_choices" (
    "user_id" BIGINT NOT NULL,
    "model_id" TEXT NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "used_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_model_choices_pkey" PRIMARY KEY ("user_id","model_id")
);

-- CreateIndex
CREATE INDEX "user_model_choices_user_id_used_at_idx" ON "user_model_choices"("user_id", "used_at");

-- AddForeignKey
ALTER TABLE "user_model_choices" ADD CONSTRAINT "user_model_choices_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

