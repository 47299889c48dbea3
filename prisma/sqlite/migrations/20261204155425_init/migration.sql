-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "roles" TEXT NOT NULL DEFAULT 'user',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Process" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "flow" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "data" TEXT NOT NULL DEFAULT '{}',
    "summary" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Process_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Task" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "processId" INTEGER NOT NULL,
    "flow" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'NEW',
    "token" TEXT NOT NULL DEFAULT 'start',
    "ownerId" INTEGER,
    "offeredUserId" INTEGER,
    "offeredRole" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedAt" DATETIME,
    "startedAt" DATETIME,
    "pausedAt" DATETIME,
    "finishedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "draft" TEXT,
    "draftSavedAt" DATETIME,
    "pauseReason" TEXT,
    "resumeBy" DATETIME,
    "pausedMs" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    CONSTRAINT "Task_processId_fkey" FOREIGN KEY ("processId") REFERENCES "Process" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Task_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Task_offeredUserId_fkey" FOREIGN KEY ("offeredUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TaskLink" (
    "fromId" INTEGER NOT NULL,
    "toId" INTEGER NOT NULL,

    PRIMARY KEY ("fromId", "toId"),
    CONSTRAINT "TaskLink_fromId_fkey" FOREIGN KEY ("fromId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "TaskLink_toId_fkey" FOREIGN KEY ("toId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TaskEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "processId" INTEGER NOT NULL,
    "taskId" INTEGER,
    "actorId" INTEGER,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "transition" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "comment" TEXT,
    "data" TEXT,
    CONSTRAINT "TaskEvent_processId_fkey" FOREIGN KEY ("processId") REFERENCES "Process" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "TaskEvent_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "TaskEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "sid" TEXT NOT NULL PRIMARY KEY,
    "data" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "taskId" INTEGER,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME,
    CONSTRAINT "Notice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "Process_flow_status_createdAt_id_idx" ON "Process"("flow", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Process_status_createdAt_id_idx" ON "Process"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Task_processId_status_idx" ON "Task"("processId", "status");

-- CreateIndex
CREATE INDEX "Task_ownerId_status_createdAt_id_idx" ON "Task"("ownerId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Task_ownerId_status_pausedAt_id_idx" ON "Task"("ownerId", "status", "pausedAt", "id");

-- CreateIndex
CREATE INDEX "Task_ownerId_flow_status_pausedAt_id_idx" ON "Task"("ownerId", "flow", "status", "pausedAt", "id");

-- CreateIndex
CREATE INDEX "Task_status_pausedAt_id_idx" ON "Task"("status", "pausedAt", "id");

-- CreateIndex
CREATE INDEX "Task_flow_status_pausedAt_id_idx" ON "Task"("flow", "status", "pausedAt", "id");

-- CreateIndex
CREATE INDEX "Task_status_resumeBy_idx" ON "Task"("status", "resumeBy");

-- CreateIndex
CREATE INDEX "Task_offeredRole_status_createdAt_id_idx" ON "Task"("offeredRole", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Task_offeredUserId_status_createdAt_id_idx" ON "Task"("offeredUserId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Task_ownerId_status_finishedAt_id_idx" ON "Task"("ownerId", "status", "finishedAt", "id");

-- CreateIndex
CREATE INDEX "TaskLink_toId_idx" ON "TaskLink"("toId");

-- CreateIndex
CREATE INDEX "TaskEvent_processId_id_idx" ON "TaskEvent"("processId", "id");

-- CreateIndex
CREATE INDEX "TaskEvent_taskId_id_idx" ON "TaskEvent"("taskId", "id");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "Notice_userId_readAt_id_idx" ON "Notice"("userId", "readAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");
