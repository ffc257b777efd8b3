-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('user', 'admin');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('ru', 'en');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('topup', 'charge', 'refund', 'bonus', 'referral', 'adjust', 'topup_refund');

-- CreateEnum
CREATE TYPE "GenerationStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out');

-- CreateEnum
CREATE TYPE "GenerationStep" AS ENUM ('submit', 'follow', 'deliver', 'settle', 'done');

-- CreateEnum
CREATE TYPE "TopupOrderStatus" AS ENUM ('pending', 'paid', 'cancelled');

-- CreateEnum
CREATE TYPE "RefundState" AS ENUM ('none', 'requested', 'refunded');

-- CreateTable
CREATE TABLE "users" (
    "id" BIGINT NOT NULL,
    "username" TEXT,
    "first_name" TEXT NOT NULL DEFAULT '',
    "last_name" TEXT,
    "language_code" TEXT,
    "language" "Language" NOT NULL DEFAULT 'en',
    "role" "UserRole" NOT NULL DEFAULT 'user',
    "banned" BOOLEAN NOT NULL DEFAULT false,
    "blocked_bot" BOOLEAN NOT NULL DEFAULT false,
    "balance_kopecks" INTEGER NOT NULL DEFAULT 0,
    "referral_code" TEXT NOT NULL,
    "referrer_id" BIGINT,
    "referral_until" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "user_id" BIGINT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "amount_kopecks" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "generation_id" UUID,
    "payment_id" UUID,
    "admin_id" BIGINT,
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "generations" (
    "id" UUID NOT NULL,
    "user_id" BIGINT NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "model_id" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "price_credits" DECIMAL(12,3) NOT NULL,
    "usd_per_credit" DECIMAL(10,6) NOT NULL,
    "fx_rate" DECIMAL(12,4) NOT NULL,
    "markup" DECIMAL(6,3) NOT NULL,
    "price_kopecks" INTEGER NOT NULL,
    "status" "GenerationStatus" NOT NULL DEFAULT 'queued',
    "step" "GenerationStep" NOT NULL DEFAULT 'submit',
    "uploaded_inputs" JSONB,
    "kie_task_id" TEXT,
    "submit_unknown_at" TIMESTAMP(3),
    "kie_state" TEXT,
    "kie_credits_consumed" DECIMAL(12,3),
    "result_urls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "telegram_file_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status_message_id" INTEGER,
    "undelivered" BOOLEAN NOT NULL DEFAULT false,
    "failure_code" TEXT,
    "failure_reason" TEXT,
    "enqueued_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMP(3),
    "completed_at" TIMESTAMP(3),
    "delivered_at" TIMESTAMP(3),
    "deadline_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "generations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topup_orders" (
    "id" UUID NOT NULL,
    "user_id" BIGINT NOT NULL,
    "pack_id" TEXT NOT NULL,
    "stars" INTEGER NOT NULL,
    "kopecks" INTEGER NOT NULL,
    "status" "TopupOrderStatus" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paid_at" TIMESTAMP(3),

    CONSTRAINT "topup_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stars_payments" (
    "id" UUID NOT NULL,
    "telegram_payment_charge_id" TEXT NOT NULL,
    "provider_payment_charge_id" TEXT,
    "user_id" BIGINT NOT NULL,
    "order_id" UUID NOT NULL,
    "stars" INTEGER NOT NULL,
    "kopecks" INTEGER NOT NULL,
    "refund" "RefundState" NOT NULL DEFAULT 'none',
    "refunded_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stars_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fx_rates" (
    "id" BIGSERIAL NOT NULL,
    "rub_per_usd" DECIMAL(12,4) NOT NULL,
    "source" TEXT NOT NULL,
    "rate_date" DATE NOT NULL,
    "fetched_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fx_rates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_settings" (
    "model_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "markup_override" DECIMAL(6,3),
    "fixed_price_kopecks" INTEGER,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "updated_by" BIGINT,

    CONSTRAINT "model_settings_pkey" PRIMARY KEY ("model_id")
);

-- CreateTable
CREATE TABLE "admin_audit_log" (
    "id" BIGSERIAL NOT NULL,
    "admin_id" BIGINT NOT NULL,
    "action" TEXT NOT NULL,
    "target_user_id" BIGINT,
    "details" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_referral_code_key" ON "users"("referral_code");

-- CreateIndex
CREATE INDEX "users_referrer_id_idx" ON "users"("referrer_id");

-- CreateIndex
CREATE INDEX "users_created_at_idx" ON "users"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_idempotency_key_key" ON "ledger_entries"("idempotency_key");

-- CreateIndex
CREATE INDEX "ledger_entries_user_id_created_at_idx" ON "ledger_entries"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "ledger_entries_generation_id_idx" ON "ledger_entries"("generation_id");

-- CreateIndex
CREATE UNIQUE INDEX "generations_kie_task_id_key" ON "generations"("kie_task_id");

-- CreateIndex
CREATE INDEX "generations_user_id_created_at_idx" ON "generations"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "generations_status_created_at_idx" ON "generations"("status", "created_at");

-- CreateIndex
CREATE INDEX "generations_status_deadline_at_idx" ON "generations"("status", "deadline_at");

-- CreateIndex
CREATE INDEX "topup_orders_user_id_created_at_idx" ON "topup_orders"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "stars_payments_telegram_payment_charge_id_key" ON "stars_payments"("telegram_payment_charge_id");

-- CreateIndex
CREATE INDEX "stars_payments_user_id_created_at_idx" ON "stars_payments"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "fx_rates_fetched_at_idx" ON "fx_rates"("fetched_at");

-- CreateIndex
CREATE INDEX "admin_audit_log_created_at_idx" ON "admin_audit_log"("created_at");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_referrer_id_fkey" FOREIGN KEY ("referrer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_generation_id_fkey" FOREIGN KEY ("generation_id") REFERENCES "generations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "stars_payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generations" ADD CONSTRAINT "generations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "topup_orders" ADD CONSTRAINT "topup_orders_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stars_payments" ADD CONSTRAINT "stars_payments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stars_payments" ADD CONSTRAINT "stars_payments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "topup_orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Objects the Prisma schema language cannot express. They are part of the
-- migrations: the drift test applies (schema diff + this file) to a fresh database
-- and compares it with the migrated one, so keep this file equal to what the
-- migrations create. A change here needs a new migration carrying the same change.
-- No semicolons in comments either (see below).

ALTER TABLE "users" ADD CONSTRAINT "users_balance_non_negative" CHECK ("balance_kopecks" >= 0);
ALTER TABLE "generations" ADD CONSTRAINT "generations_price_non_negative" CHECK ("price_kopecks" >= 0);
ALTER TABLE "topup_orders" ADD CONSTRAINT "topup_orders_amounts_positive" CHECK ("stars" > 0 AND "kopecks" > 0);
ALTER TABLE "stars_payments" ADD CONSTRAINT "stars_payments_amounts_positive" CHECK ("stars" > 0 AND "kopecks" >= 0);
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_amount_non_zero" CHECK ("amount_kopecks" <> 0);
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_balance_after_non_negative" CHECK ("balance_after" >= 0);

-- The ledger is append-only: history is corrected by new entries, never edited
-- The migration runner here (Prisma wasm engine + driver adapter) splits scripts at
-- every semicolon, even inside strings and comments, so the body spells its
-- semicolons as the escape \073.
CREATE FUNCTION "ledger_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''ledger_entries is append-only (% rejected)'', TG_OP\073 END\073';
CREATE TRIGGER "ledger_entries_no_update_delete"
  BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entries_append_only"();
