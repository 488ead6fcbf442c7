using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AcademyProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Certificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    LearnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CertificationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PathId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Pdf = table.Column<byte[]>(type: "bytea", nullable: true),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certificates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ModuleCompletions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    LearnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ModuleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModuleCompletions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_TenantId_LearnerId_CertificationId",
                table: "Certificates",
                columns: new[] { "TenantId", "LearnerId", "CertificationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_TenantId_On",
                table: "Certificates",
                columns: new[] { "TenantId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_ModuleCompletions_TenantId_LearnerId_Minutes",
                table: "ModuleCompletions",
                columns: new[] { "TenantId", "LearnerId", "Minutes" });

            migrationBuilder.CreateIndex(
                name: "IX_ModuleCompletions_TenantId_LearnerId_ModuleId",
                table: "ModuleCompletions",
                columns: new[] { "TenantId", "LearnerId", "ModuleId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModuleCompletions_TenantId_On_Minutes",
                table: "ModuleCompletions",
                columns: new[] { "TenantId", "On", "Minutes" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Certificates");

            migrationBuilder.DropTable(
                name: "ModuleCompletions");
        }
    }
}
