using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ApplicantAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "MessageId",
                table: "StoredFiles",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ApplicantAccountId",
                table: "Applications",
                type: "uuid",
                nullable: true);

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
                name: "IX_Applications_ApplicantAccountId",
                table: "Applications",
                column: "ApplicantAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_ApplicantAccountId",
                table: "Applications",
                columns: new[] { "TenantId", "ApplicantAccountId" });

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
                name: "IX_CaseMessages_ApplicationId",
                table: "CaseMessages",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseMessages_TenantId_ApplicationId_CreatedAt",
                table: "CaseMessages",
                columns: new[] { "TenantId", "ApplicationId", "CreatedAt" });

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
                name: "ApplicantTokens");

            migrationBuilder.DropTable(
                name: "CaseMessages");

            migrationBuilder.DropTable(
                name: "ApplicantAccounts");

            migrationBuilder.DropIndex(
                name: "IX_StoredFiles_MessageId",
                table: "StoredFiles");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ApplicantAccountId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_ApplicantAccountId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "MessageId",
                table: "StoredFiles");

            migrationBuilder.DropColumn(
                name: "ApplicantAccountId",
                table: "Applications");
        }
    }
}
