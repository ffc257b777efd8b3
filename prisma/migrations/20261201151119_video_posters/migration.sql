-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "telegram_thumbnail_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

