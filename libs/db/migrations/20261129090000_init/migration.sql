-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('train', 'export');

-- CreateEnum
CREATE TYPE "RunTrigger" AS ENUM ('slash', 'schedule', 'api', 'git');

-- CreateEnum
CREATE TYPE "RunState" AS ENUM ('queued', 'submitted', 'running', 'succeeded', 'failed', 'error', 'cancelled', 'pending_approval', 'promoted', 'rejected');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('approved', 'rejected');

-- CreateEnum
CREATE TYPE "OverlapPolicy" AS ENUM ('skip', 'queue', 'cancel_previous');

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "project" TEXT NOT NULL,
    "kind" "RunKind" NOT NULL,
    "trigger" "RunTrigger" NOT NULL,
    "requester" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "workflow_namespace" TEXT,
    "workflow_name" TEXT,
    "state" "RunState" NOT NULL DEFAULT 'queued',
    "progress" TEXT,
    "message" TEXT,
    "metrics" JSONB,
    "artifacts_prefix" TEXT,
    "slack_channel_id" TEXT,
    "slack_thread_ts" TEXT,
    "slack_card_ts" TEXT,
    "parent_run_id" UUID,
    "schedule_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_events" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "from_state" "RunState",
    "to_state" "RunState" NOT NULL,
    "message" TEXT,
    "details" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" UUID NOT NULL,
    "project" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "source_run_id" UUID NOT NULL,
    "artifact_uris" JSONB NOT NULL,
    "metrics" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_aliases" (
    "project" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "model_version_id" UUID NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_aliases_pkey" PRIMARY KEY ("project","alias")
);

-- CreateTable
CREATE TABLE "decisions" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "by" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "project" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "params" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "overlap_policy" "OverlapPolicy" NOT NULL DEFAULT 'skip',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_fires" (
    "id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "run_id" UUID,
    "outcome" TEXT,
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_fires_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" BIGSERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "details" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "runs_idempotency_key_key" ON "runs"("idempotency_key");

-- CreateIndex
CREATE INDEX "runs_project_created_at_id_idx" ON "runs"("project", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_created_at_id_idx" ON "runs"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_state_created_at_idx" ON "runs"("state", "created_at" DESC);

-- CreateIndex
CREATE INDEX "runs_requester_created_at_idx" ON "runs"("requester", "created_at" DESC);

-- CreateIndex
CREATE INDEX "runs_parent_run_id_idx" ON "runs"("parent_run_id");

-- CreateIndex
CREATE INDEX "runs_schedule_id_idx" ON "runs"("schedule_id");

-- CreateIndex
CREATE UNIQUE INDEX "runs_workflow_namespace_workflow_name_key" ON "runs"("workflow_namespace", "workflow_name");

-- CreateIndex
CREATE INDEX "run_events_run_id_id_idx" ON "run_events"("run_id", "id");

-- CreateIndex
CREATE INDEX "model_versions_source_run_id_idx" ON "model_versions"("source_run_id");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_project_version_key" ON "model_versions"("project", "version");

-- CreateIndex
CREATE INDEX "model_aliases_model_version_id_idx" ON "model_aliases"("model_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "decisions_run_id_key" ON "decisions"("run_id");

-- CreateIndex
CREATE INDEX "schedules_project_idx" ON "schedules"("project");

-- CreateIndex
CREATE INDEX "schedules_enabled_idx" ON "schedules"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_fires_schedule_id_slot_key" ON "schedule_fires"("schedule_id", "slot");

-- CreateIndex
CREATE INDEX "audit_entries_target_at_idx" ON "audit_entries"("target", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_actor_at_idx" ON "audit_entries"("actor", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_at_idx" ON "audit_entries"("at" DESC);

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_parent_run_id_fkey" FOREIGN KEY ("parent_run_id") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_source_run_id_fkey" FOREIGN KEY ("source_run_id") REFERENCES "runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_fires" ADD CONSTRAINT "schedule_fires_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
