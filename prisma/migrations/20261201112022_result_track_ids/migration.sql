-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "result_track_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

