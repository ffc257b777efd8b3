-- CreateTable
CREATE TABLE "favorites" (
    "user_id" BIGINT NOT NULL,
    "generation_id" UUID NOT NULL,
    "item_index" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "favorites_pkey" PRIMARY KEY ("user_id","generation_id","item_index")
);

-- CreateIndex
CREATE INDEX "favorites_user_id_created_at_idx" ON "favorites"("user_id", "created_at");

