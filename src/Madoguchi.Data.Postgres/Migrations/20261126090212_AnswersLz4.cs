using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AnswersLz4 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Answers (often 5-50 KB of JSON) are TOASTed; lz4 compresses them several times faster than the default
            // pglz, which is most of PostgreSQL's CPU per submission. Servers built without lz4 keep pglz.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    ALTER TABLE "Applications" ALTER COLUMN "AnswersJson" SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
                    RAISE NOTICE 'lz4 is not available; answers stay compressed with pglz';
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER TABLE "Applications" ALTER COLUMN "AnswersJson" SET COMPRESSION pglz;""");
        }
    }
}
