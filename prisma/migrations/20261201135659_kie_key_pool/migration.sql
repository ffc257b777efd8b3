-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "kie_key" TEXT;

