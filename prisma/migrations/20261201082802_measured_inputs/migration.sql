-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "measured" JSONB,
ADD COLUMN     "measured_at" TIMESTAMP(3),
ADD COLUMN     "measured_price_kopecks" INTEGER,
ADD COLUMN     "price_fixed" BOOLEAN NOT NULL DEFAULT false;

