-- A run is retried at most once: a second Retry click (another person, a double click) finds
-- the first retry instead of starting a duplicate. The unique index is what settles a race.

-- AlterTable
ALTER TABLE "runs" ADD COLUMN "retry_of_run_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "runs_retry_of_run_id_key" ON "runs"("retry_of_run_id");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_retry_of_run_id_fkey" FOREIGN KEY ("retry_of_run_id") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
