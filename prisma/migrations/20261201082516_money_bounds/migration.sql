-- AlterTable
ALTER TABLE "users" ADD COLUMN     "welcomed_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "stars_payments" ADD COLUMN     "refund_attempt" UUID,
ADD COLUMN     "refund_lease_until" TIMESTAMP(3);


-- Users who existed before this column was added have had their first contact.
UPDATE "users" SET "welcomed_at" = "created_at";
