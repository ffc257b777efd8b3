-- CreateEnum
CREATE TYPE "PromoKind" AS ENUM ('fixed', 'percent');

-- CreateEnum
CREATE TYPE "PromoRedemptionStatus" AS ENUM ('credited', 'pending', 'applied', 'reversed');

-- AlterEnum
ALTER TYPE "LedgerKind" ADD VALUE 'promo';

-- CreateTable
CREATE TABLE "promo_codes" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "kind" "PromoKind" NOT NULL,
    "amount_kopecks" INTEGER,
    "percent" INTEGER,
    "cap_kopecks" INTEGER,
    "max_uses" INTEGER NOT NULL,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "new_users_only" BOOLEAN NOT NULL DEFAULT false,
    "disabled_at" TIMESTAMP(3),
    "created_by" BIGINT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promo_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promo_redemptions" (
    "id" UUID NOT NULL,
    "code_id" UUID NOT NULL,
    "user_id" BIGINT NOT NULL,
    "status" "PromoRedemptionStatus" NOT NULL,
    "credited_kopecks" INTEGER NOT NULL DEFAULT 0,
    "payment_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMP(3),
    "reversed_at" TIMESTAMP(3),

    CONSTRAINT "promo_redemptions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "promo_codes_code_key" ON "promo_codes"("code");

-- CreateIndex
CREATE INDEX "promo_codes_created_at_idx" ON "promo_codes"("created_at");

-- CreateIndex
CREATE INDEX "promo_redemptions_user_id_status_idx" ON "promo_redemptions"("user_id", "status");

-- CreateIndex
CREATE INDEX "promo_redemptions_code_id_created_at_idx" ON "promo_redemptions"("code_id", "created_at");

-- CreateIndex
CREATE INDEX "promo_redemptions_payment_id_idx" ON "promo_redemptions"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "promo_redemptions_code_id_user_id_key" ON "promo_redemptions"("code_id", "user_id");

-- AddForeignKey
ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_code_id_fkey" FOREIGN KEY ("code_id") REFERENCES "promo_codes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Promo codes: amounts by kind, uses never above the total, one pending percent bonus per user.
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_amounts" CHECK (("kind" = 'fixed' AND "amount_kopecks" > 0 AND "percent" IS NULL AND "cap_kopecks" IS NULL) OR ("kind" = 'percent' AND "amount_kopecks" IS NULL AND "percent" BETWEEN 1 AND 100 AND "cap_kopecks" > 0));
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_uses_bounded" CHECK ("max_uses" > 0 AND "uses" >= 0 AND "uses" <= "max_uses");
ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_credited_non_negative" CHECK ("credited_kopecks" >= 0);
CREATE UNIQUE INDEX "promo_redemptions_one_pending_per_user" ON "promo_redemptions" ("user_id") WHERE "status" = 'pending';
