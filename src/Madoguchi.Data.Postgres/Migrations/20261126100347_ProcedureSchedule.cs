using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ProcedureSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClosedMessageEn",
                table: "Procedures",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedMessageJa",
                table: "Procedures",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosesAt",
                table: "Procedures",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OpensAt",
                table: "Procedures",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosedMessageEn",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "ClosedMessageJa",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "ClosesAt",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "OpensAt",
                table: "Procedures");
        }
    }
}
