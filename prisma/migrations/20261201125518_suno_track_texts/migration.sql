-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "result_lyrics" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "result_titles" TEXT[] DEFAULT ARRAY[]::TEXT[];

