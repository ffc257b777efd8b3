-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "group_id" UUID;

-- CreateTable
CREATE TABLE "compare_groups" (
    "id" UUID NOT NULL,
    "user_id" BIGINT NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "prompt" TEXT NOT NULL,
    "output" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivery_claimed_at" TIMESTAMP(3),
    "delivery_claimed_by" TEXT,
    "delivered_at" TIMESTAMP(3),

    CONSTRAINT "compare_groups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "compare_groups_user_id_created_at_idx" ON "compare_groups"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "compare_groups_created_at_idx" ON "compare_groups"("created_at");

-- CreateIndex
CREATE INDEX "generations_group_id_idx" ON "generations"("group_id");

-- AddForeignKey
ALTER TABLE "generations" ADD CONSTRAINT "generations_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "compare_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compare_groups" ADD CONSTRAINT "compare_groups_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

