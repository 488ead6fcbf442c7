using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InboxColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssigneeId",
                table: "Applications",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CurrentStepId",
                table: "Applications",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DueAt",
                table: "Applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastActivityAt",
                table: "Applications",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "ProcessingDueAt",
                table: "Applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Applications",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StepDepartments",
                table: "Applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "StepDueAt",
                table: "Applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StepParties",
                table: "Applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StepRoles",
                table: "Applications",
                type: "TEXT",
                nullable: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
                name: "AssigneeId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "CurrentStepId",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "DueAt",
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
