-- The final result of a run is posted to Slack exactly once, even across an api crash between
-- recording the run as finished and posting: slack_result_ts stays null until the message is
-- out, and a restarted api finds the finished runs still owed one (by finished_at).

-- AlterTable
ALTER TABLE "runs" ADD COLUMN "slack_result_ts" TEXT;

-- CreateIndex
CREATE INDEX "runs_finished_at_idx" ON "runs"("finished_at" DESC);
