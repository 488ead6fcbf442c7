using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madoguchi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CaseHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "YearEndClosure",
                table: "Tenants",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MessageId",
                table: "StoredFiles",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CorrectionOf",
                table: "Drafts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DepartmentCode",
                table: "AspNetUsers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RoleCodes",
                table: "AspNetUsers",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "ApplicantAccountId",
                table: "Applications",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeId",
                table: "Applications",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CurrentStepId",
                table: "Applications",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DueAt",
                table: "Applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Applications",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "ja");

            migrationBuilder.AddColumn<DateTime>(
                name: "LastActivityAt",
                table: "Applications",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "ProcessingDueAt",
                table: "Applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Applications",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StepDepartments",
                table: "Applications",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "StepDueAt",
                table: "Applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StepParties",
                table: "Applications",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StepRoles",
                table: "Applications",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AcademyProgrammes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    CatalogJson = table.Column<string>(type: "text", nullable: false),
                    PolicyJson = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcademyProgrammes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AnswerVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    AnswersJson = table.Column<string>(type: "jsonb", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnswerVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicantAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    PasswordHash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EmailVerifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailedSignIns = table.Column<int>(type: "integer", nullable: false),
                    LockoutEnd = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SecurityStamp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExternalIssuer = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ExternalSubject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicantAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CalendarDays",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Open = table.Column<bool>(type: "boolean", nullable: false),
                    NoteJa = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NoteEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarDays", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Internal = table.Column<bool>(type: "boolean", nullable: false),
                    PostKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseMessages_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Departments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NameJa = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DepartmentWebhooks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UrlProtected = table.Column<string>(type: "text", nullable: false),
                    Host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DepartmentWebhooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExportMappings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcedureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExportMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExportMappings_Procedures_ProcedureId",
                        column: x => x.ProcedureId,
                        principalTable: "Procedures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Learners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Position = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TierId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    AppUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Learners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LearningRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    LearnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ModuleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Completed = table.Column<bool>(type: "boolean", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearningRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: true),
                    SourceKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Event = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Recipient = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetryUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SkillRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    LearnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    SkillId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Validated = table.Column<bool>(type: "boolean", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkillRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NameJa = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Rank = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicantTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicantTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicantTokens_ApplicantAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "ApplicantAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StoredFiles_MessageId",
                table: "StoredFiles",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_CorrectionOf",
                table: "Drafts",
                column: "CorrectionOf");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ApplicantAccountId",
                table: "Applications",
                column: "ApplicantAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_ApplicantAccountId",
                table: "Applications",
                columns: new[] { "TenantId", "ApplicantAccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_AssigneeId",
                table: "Applications",
                columns: new[] { "TenantId", "AssigneeId" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_DueAt",
                table: "Applications",
                columns: new[] { "TenantId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_ProcedureId_LastActivityAt",
                table: "Applications",
                columns: new[] { "TenantId", "ProcedureId", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_ProcessingDueAt",
                table: "Applications",
                columns: new[] { "TenantId", "ProcessingDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_StepDueAt",
                table: "Applications",
                columns: new[] { "TenantId", "StepDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AcademyProgrammes_TenantId",
                table: "AcademyProgrammes",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnswerVersions_ApplicationId_Number",
                table: "AnswerVersions",
                columns: new[] { "ApplicationId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnswerVersions_TenantId",
                table: "AnswerVersions",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ApplicantAccounts_TenantId_ExternalIssuer_ExternalSubject",
                table: "ApplicantAccounts",
                columns: new[] { "TenantId", "ExternalIssuer", "ExternalSubject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApplicantAccounts_TenantId_NormalizedEmail",
                table: "ApplicantAccounts",
                columns: new[] { "TenantId", "NormalizedEmail" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApplicantTokens_AccountId",
                table: "ApplicantTokens",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ApplicantTokens_TenantId_AccountId",
                table: "ApplicantTokens",
                columns: new[] { "TenantId", "AccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicantTokens_TokenHash",
                table: "ApplicantTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarDays_TenantId_Date",
                table: "CalendarDays",
                columns: new[] { "TenantId", "Date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseMessages_ApplicationId_PostKey",
                table: "CaseMessages",
                columns: new[] { "ApplicationId", "PostKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseMessages_TenantId_ApplicationId_CreatedAt",
                table: "CaseMessages",
                columns: new[] { "TenantId", "ApplicationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Departments_TenantId_Code",
                table: "Departments",
                columns: new[] { "TenantId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DepartmentWebhooks_TenantId_Department_Channel",
                table: "DepartmentWebhooks",
                columns: new[] { "TenantId", "Department", "Channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExportMappings_ProcedureId",
                table: "ExportMappings",
                column: "ProcedureId");

            migrationBuilder.CreateIndex(
                name: "IX_ExportMappings_TenantId_ProcedureId_Name",
                table: "ExportMappings",
                columns: new[] { "TenantId", "ProcedureId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Learners_TenantId_AppUserId",
                table: "Learners",
                columns: new[] { "TenantId", "AppUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Learners_TenantId_DepartmentCode",
                table: "Learners",
                columns: new[] { "TenantId", "DepartmentCode" });

            migrationBuilder.CreateIndex(
                name: "IX_Learners_TenantId_EmployeeNumber",
                table: "Learners",
                columns: new[] { "TenantId", "EmployeeNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LearningRecords_TenantId_LearnerId",
                table: "LearningRecords",
                columns: new[] { "TenantId", "LearnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_LearningRecords_TenantId_ModuleId",
                table: "LearningRecords",
                columns: new[] { "TenantId", "ModuleId" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Status_NextAttemptAt",
                table: "Notifications",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_TenantId_ApplicationId",
                table: "Notifications",
                columns: new[] { "TenantId", "ApplicationId" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_TenantId_CreatedAt",
                table: "Notifications",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_TenantId_SourceKey_Channel_Recipient",
                table: "Notifications",
                columns: new[] { "TenantId", "SourceKey", "Channel", "Recipient" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SkillRecords_TenantId_LearnerId",
                table: "SkillRecords",
                columns: new[] { "TenantId", "LearnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffRoles_TenantId_Code",
                table: "StaffRoles",
                columns: new[] { "TenantId", "Code" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Applications_ApplicantAccounts_ApplicantAccountId",
                table: "Applications",
                column: "ApplicantAccountId",
                principalTable: "ApplicantAccounts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_StoredFiles_CaseMessages_MessageId",
                table: "StoredFiles",
                column: "MessageId",
                principalTable: "CaseMessages",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Applications_ApplicantAccounts_ApplicantAccountId",
                table: "Applications");

            migrationBuilder.DropForeignKey(
                name: "FK_StoredFiles_CaseMessages_MessageId",
                table: "StoredFiles");

            migrationBuilder.DropTable(
                name: "AcademyProgrammes");

            migrationBuilder.DropTable(
                name: "AnswerVersions");

            migrationBuilder.DropTable(
                name: "ApplicantTokens");

            migrationBuilder.DropTable(
                name: "CalendarDays");

            migrationBuilder.DropTable(
                name: "CaseMessages");

            migrationBuilder.DropTable(
                name: "Departments");

            migrationBuilder.DropTable(
                name: "DepartmentWebhooks");

            migrationBuilder.DropTable(
                name: "ExportMappings");

            migrationBuilder.DropTable(
                name: "Learners");

            migrationBuilder.DropTable(
                name: "LearningRecords");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "SkillRecords");

            migrationBuilder.DropTable(
                name: "StaffRoles");

            migrationBuilder.DropTable(
                name: "ApplicantAccounts");

            migrationBuilder.DropIndex(
                name: "IX_StoredFiles_MessageId",
                table: "StoredFiles");

            migrationBuilder.DropIndex(
                name: "IX_Drafts_CorrectionOf",
                table: "Drafts");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ApplicantAccountId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_ApplicantAccountId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_AssigneeId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_DueAt",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_ProcedureId_LastActivityAt",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_ProcessingDueAt",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_StepDueAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "YearEndClosure",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "MessageId",
                table: "StoredFiles");

            migrationBuilder.DropColumn(
                name: "CorrectionOf",
                table: "Drafts");

            migrationBuilder.DropColumn(
                name: "DepartmentCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "RoleCodes",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ApplicantAccountId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "CurrentStepId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "LastActivityAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ProcessingDueAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "StepDepartments",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "StepDueAt",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "StepParties",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "StepRoles",
                table: "Applications");
        }
    }
}
