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

-- Promo codes: amounts by kind, uses never above the total, one pending percent bonus per user.
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_amounts" CHECK (("kind" = 'fixed' AND "amount_kopecks" > 0 AND "percent" IS NULL AND "cap_kopecks" IS NULL) OR ("kind" = 'percent' AND "amount_kopecks" IS NULL AND "percent" BETWEEN 1 AND 100 AND "cap_kopecks" > 0));
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_uses_bounded" CHECK ("max_uses" > 0 AND "uses" >= 0 AND "uses" <= "max_uses");
ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_credited_non_negative" CHECK ("credited_kopecks" >= 0);
CREATE UNIQUE INDEX "promo_redemptions_one_pending_per_user" ON "promo_redemptions" ("user_id") WHERE "status" = 'pending';
