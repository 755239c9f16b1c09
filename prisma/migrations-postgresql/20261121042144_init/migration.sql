-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastLoginAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "ip" TEXT,
    "details" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SavedView" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "columns" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "companyJa" TEXT NOT NULL,
    "companyEn" TEXT NOT NULL,
    "titleJa" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "summaryJa" TEXT NOT NULL,
    "summaryEn" TEXT NOT NULL,
    "noticeDate" TEXT NOT NULL,
    "discoveredOn" TEXT,
    "maxAffected" INTEGER,
    "reportedTo" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "closedOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hotline" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "labelJa" TEXT NOT NULL,
    "labelEn" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "isMain" BOOLEAN NOT NULL DEFAULT false,
    "weeklyHours" TEXT NOT NULL,
    "yearEndClosure" BOOLEAN NOT NULL DEFAULT true,
    "responseTargetMinutes" INTEGER NOT NULL DEFAULT 480,

    CONSTRAINT "Hotline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClosureDay" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT,
    "date" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "ClosureDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "url" TEXT,
    "stolenItems" TEXT NOT NULL,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExposureWindow" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "ExposureWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AffectedRecord" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "nameKanji" TEXT,
    "nameKana" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "postalCode" TEXT,
    "reference" TEXT,
    "transactionAt" TIMESTAMP(3),
    "cardBrand" TEXT,
    "cardLast4" TEXT,
    "nameKey" TEXT,
    "kanaKey" TEXT,
    "emailKey" TEXT,
    "phoneKey" TEXT,
    "referenceKey" TEXT,
    "rowKey" TEXT NOT NULL,
    "importId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "anonymisedAt" TIMESTAMP(3),

    CONSTRAINT "AffectedRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "filePath" TEXT,
    "fileHash" TEXT,
    "encoding" TEXT NOT NULL DEFAULT 'utf-8',
    "mapping" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "totalBytes" INTEGER NOT NULL DEFAULT 0,
    "bytesRead" INTEGER NOT NULL DEFAULT 0,
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsImported" INTEGER NOT NULL DEFAULT 0,
    "rowsDuplicate" INTEGER NOT NULL DEFAULT 0,
    "rowsInvalid" INTEGER NOT NULL DEFAULT 0,
    "lastCommittedLine" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "runnerId" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "rowsAtStart" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRowError" (
    "id" SERIAL NOT NULL,
    "importId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "ImportRowError_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lookup" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "channel" TEXT NOT NULL,
    "actorId" TEXT,
    "incidentId" TEXT,
    "keyHashes" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "recordId" TEXT,
    "ipHash" TEXT,

    CONSTRAINT "Lookup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'agent',
    "status" TEXT NOT NULL DEFAULT 'closed',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "talkSeconds" INTEGER,
    "holdSeconds" INTEGER,
    "acwSeconds" INTEGER,
    "agentId" TEXT,
    "affectedRecordId" TEXT,
    "identityVerified" BOOLEAN NOT NULL DEFAULT false,
    "callerName" TEXT,
    "callerContact" TEXT,
    "reference" TEXT,
    "outcome" TEXT,
    "escalatedTo" TEXT,
    "notes" TEXT,
    "message" TEXT,
    "subject" TEXT,
    "withinHours" BOOLEAN NOT NULL,
    "flaggedAfterHours" BOOLEAN NOT NULL DEFAULT false,
    "dueAt" TIMESTAMP(3),
    "answeredAt" TIMESTAMP(3),
    "abandoned" BOOLEAN NOT NULL DEFAULT false,
    "callId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "replyToId" TEXT,
    "attachments" TEXT,
    "messageKey" TEXT,
    "closedAt" TIMESTAMP(3),
    "purgedAt" TIMESTAMP(3),

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactCategory" (
    "contactId" TEXT NOT NULL,
    "category" TEXT NOT NULL,

    CONSTRAINT "ContactCategory_pkey" PRIMARY KEY ("contactId","category")
);

-- CreateTable
CREATE TABLE "ContactVersion" (
    "id" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "reason" TEXT,
    "editedById" TEXT,
    "editedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Script" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Script_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScriptVersion" (
    "id" TEXT NOT NULL,
    "scriptId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "titleJa" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "bodyJa" TEXT NOT NULL,
    "bodyEn" TEXT NOT NULL,
    "mustNotSayJa" TEXT,
    "mustNotSayEn" TEXT,
    "branches" TEXT,
    "status" TEXT NOT NULL DEFAULT 'approved',
    "editedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScriptVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CardCompany" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CardCompany_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaiverRequest" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "affectedRecordId" TEXT NOT NULL,
    "cardCompanyId" TEXT NOT NULL,
    "cardBrand" TEXT,
    "cardLast4" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "consentAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rejectReason" TEXT,
    "openKey" TEXT,
    "batchId" TEXT,
    "contactId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WaiverRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaiverEvent" (
    "id" SERIAL NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "byUserId" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WaiverEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaiverBatch" (
    "id" TEXT NOT NULL,
    "cardCompanyId" TEXT NOT NULL,
    "incidentId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "sentById" TEXT,
    "answeredAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'draft',

    CONSTRAINT "WaiverBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog"("action", "at");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_actorLabel_at_idx" ON "AuditLog"("actorLabel", "at");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_at_idx" ON "AuditLog"("entityType", "entityId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_ip_at_idx" ON "AuditLog"("ip", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "SavedView_userId_table_name_key" ON "SavedView"("userId", "table", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_slug_key" ON "Incident"("slug");

-- CreateIndex
CREATE INDEX "Hotline_incidentId_idx" ON "Hotline"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "ClosureDay_incidentId_date_key" ON "ClosureDay"("incidentId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Site_incidentId_slug_key" ON "Site"("incidentId", "slug");

-- CreateIndex
CREATE INDEX "ExposureWindow_siteId_idx" ON "ExposureWindow"("siteId");

-- CreateIndex
CREATE INDEX "AffectedRecord_incidentId_nameKey_idx" ON "AffectedRecord"("incidentId", "nameKey");

-- CreateIndex
CREATE INDEX "AffectedRecord_incidentId_kanaKey_idx" ON "AffectedRecord"("incidentId", "kanaKey");

-- CreateIndex
CREATE INDEX "AffectedRecord_incidentId_emailKey_idx" ON "AffectedRecord"("incidentId", "emailKey");

-- CreateIndex
CREATE INDEX "AffectedRecord_incidentId_phoneKey_idx" ON "AffectedRecord"("incidentId", "phoneKey");

-- CreateIndex
CREATE INDEX "AffectedRecord_incidentId_referenceKey_idx" ON "AffectedRecord"("incidentId", "referenceKey");

-- CreateIndex
CREATE INDEX "AffectedRecord_incidentId_cardLast4_idx" ON "AffectedRecord"("incidentId", "cardLast4");

-- CreateIndex
CREATE UNIQUE INDEX "AffectedRecord_incidentId_rowKey_key" ON "AffectedRecord"("incidentId", "rowKey");

-- CreateIndex
CREATE INDEX "ImportJob_createdAt_idx" ON "ImportJob"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ImportRowError_importId_line_key" ON "ImportRowError"("importId", "line");

-- CreateIndex
CREATE INDEX "Lookup_at_idx" ON "Lookup"("at");

-- CreateIndex
CREATE INDEX "Lookup_incidentId_at_idx" ON "Lookup"("incidentId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_callId_key" ON "Contact"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_messageKey_key" ON "Contact"("messageKey");

-- CreateIndex
CREATE INDEX "Contact_incidentId_startedAt_idx" ON "Contact"("incidentId", "startedAt");

-- CreateIndex
CREATE INDEX "Contact_startedAt_idx" ON "Contact"("startedAt");

-- CreateIndex
CREATE INDEX "Contact_agentId_startedAt_idx" ON "Contact"("agentId", "startedAt");

-- CreateIndex
CREATE INDEX "Contact_channel_startedAt_idx" ON "Contact"("channel", "startedAt");

-- CreateIndex
CREATE INDEX "Contact_status_dueAt_idx" ON "Contact"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Contact_replyToId_idx" ON "Contact"("replyToId");

-- CreateIndex
CREATE INDEX "Contact_incidentId_channel_startedAt_idx" ON "Contact"("incidentId", "channel", "startedAt");

-- CreateIndex
CREATE INDEX "Contact_incidentId_withinHours_startedAt_idx" ON "Contact"("incidentId", "withinHours", "startedAt");

-- CreateIndex
CREATE INDEX "Contact_incidentId_dueAt_idx" ON "Contact"("incidentId", "dueAt");

-- CreateIndex
CREATE INDEX "ContactCategory_category_contactId_idx" ON "ContactCategory"("category", "contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ContactVersion_contactId_version_key" ON "ContactVersion"("contactId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Script_incidentId_key_key" ON "Script"("incidentId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ScriptVersion_scriptId_version_key" ON "ScriptVersion"("scriptId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "CardCompany_code_key" ON "CardCompany"("code");

-- CreateIndex
CREATE UNIQUE INDEX "WaiverRequest_reference_key" ON "WaiverRequest"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "WaiverRequest_openKey_key" ON "WaiverRequest"("openKey");

-- CreateIndex
CREATE INDEX "WaiverRequest_status_cardCompanyId_idx" ON "WaiverRequest"("status", "cardCompanyId");

-- CreateIndex
CREATE INDEX "WaiverRequest_incidentId_createdAt_idx" ON "WaiverRequest"("incidentId", "createdAt");

-- CreateIndex
CREATE INDEX "WaiverRequest_batchId_idx" ON "WaiverRequest"("batchId");

-- CreateIndex
CREATE INDEX "WaiverEvent_requestId_idx" ON "WaiverEvent"("requestId");

-- CreateIndex
CREATE INDEX "WaiverBatch_incidentId_createdAt_idx" ON "WaiverBatch"("incidentId", "createdAt");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hotline" ADD CONSTRAINT "Hotline_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClosureDay" ADD CONSTRAINT "ClosureDay_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExposureWindow" ADD CONSTRAINT "ExposureWindow_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AffectedRecord" ADD CONSTRAINT "AffectedRecord_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AffectedRecord" ADD CONSTRAINT "AffectedRecord_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportRowError" ADD CONSTRAINT "ImportRowError_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_affectedRecordId_fkey" FOREIGN KEY ("affectedRecordId") REFERENCES "AffectedRecord"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_replyToId_fkey" FOREIGN KEY ("replyToId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactCategory" ADD CONSTRAINT "ContactCategory_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactVersion" ADD CONSTRAINT "ContactVersion_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactVersion" ADD CONSTRAINT "ContactVersion_editedById_fkey" FOREIGN KEY ("editedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Script" ADD CONSTRAINT "Script_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScriptVersion" ADD CONSTRAINT "ScriptVersion_scriptId_fkey" FOREIGN KEY ("scriptId") REFERENCES "Script"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScriptVersion" ADD CONSTRAINT "ScriptVersion_editedById_fkey" FOREIGN KEY ("editedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaiverRequest" ADD CONSTRAINT "WaiverRequest_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaiverRequest" ADD CONSTRAINT "WaiverRequest_affectedRecordId_fkey" FOREIGN KEY ("affectedRecordId") REFERENCES "AffectedRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaiverRequest" ADD CONSTRAINT "WaiverRequest_cardCompanyId_fkey" FOREIGN KEY ("cardCompanyId") REFERENCES "CardCompany"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaiverRequest" ADD CONSTRAINT "WaiverRequest_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "WaiverBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaiverRequest" ADD CONSTRAINT "WaiverRequest_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaiverEvent" ADD CONSTRAINT "WaiverEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "WaiverRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaiverBatch" ADD CONSTRAINT "WaiverBatch_cardCompanyId_fkey" FOREIGN KEY ("cardCompanyId") REFERENCES "CardCompany"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaiverBatch" ADD CONSTRAINT "WaiverBatch_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
