using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LeanerApplicationIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_ApplicantAccountId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ProcedureId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_ApplicantAccountId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_AssigneeId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_ProcedureId_SubmittedAt",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ApplicantAccountId_TenantId",
                table: "Applications",
                columns: new[] { "ApplicantAccountId", "TenantId" },
                filter: "\"ApplicantAccountId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProcedureId_TenantId_SubmittedAt",
                table: "Applications",
                columns: new[] { "ProcedureId", "TenantId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_AssigneeId",
                table: "Applications",
                columns: new[] { "TenantId", "AssigneeId" },
                filter: "\"AssigneeId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_ApplicantAccountId_TenantId",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_ProcedureId_TenantId_SubmittedAt",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_TenantId_AssigneeId",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ApplicantAccountId",
                table: "Applications",
                column: "ApplicantAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_ProcedureId",
                table: "Applications",
                column: "ProcedureId");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_ApplicantAccountId",
                table: "Applications",
                columns: new[] { "TenantId", "ApplicantAccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_AssigneeId",
                table: "Applications",
                columns: new[] { "TenantId", "AssigneeId" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId_ProcedureId_SubmittedAt",
                table: "Applications",
                columns: new[] { "TenantId", "ProcedureId", "SubmittedAt" });
        }
    }
}
