-- CreateTable
CREATE TABLE "catalog_syncs" (
    "id" BIGSERIAL NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "fetched_at" TIMESTAMP(3),
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "report" JSONB,

    CONSTRAINT "catalog_syncs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_models" (
    "sync_id" BIGINT NOT NULL,
    "kie_model" TEXT NOT NULL,
    "provider" TEXT,
    "task_types" TEXT[],
    "price_text" TEXT,
    "price_entries" JSONB,
    "required_fields" TEXT[],
    "enums" JSONB,

    CONSTRAINT "catalog_models_pkey" PRIMARY KEY ("sync_id","kie_model")
);

-- CreateTable
CREATE TABLE "catalog_offerings" (
    "model_id" TEXT NOT NULL,
    "credit_factor" DECIMAL(10,4) NOT NULL DEFAULT 1,
    "proposed_factor" DECIMAL(10,4),
    "hidden_reason" TEXT,
    "hidden_at" TIMESTAMP(3),
    "missing_fields" TEXT[],
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "catalog_offerings_pkey" PRIMARY KEY ("model_id")
);

-- CreateIndex
CREATE INDEX "catalog_syncs_ok_started_at_idx" ON "catalog_syncs"("ok", "started_at");

-- AddForeignKey
ALTER TABLE "catalog_models" ADD CONSTRAINT "catalog_models_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "catalog_syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

