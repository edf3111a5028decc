using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class AttendanceStepCarriesItsCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The compression the model names (UploadInsertConfiguration); written out because the provider's own
            // statement for it ends without a semicolon in a migration script.
            migrationBuilder.Sql("ALTER TABLE upload_inserts ALTER COLUMN row_ids SET COMPRESSION lz4;");
            migrationBuilder.Sql(SqlScript.Read("registration_outcomes.v7.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v5.sql", "k3_outcomes_after_attendances"));
            migrationBuilder.Sql("ALTER TABLE upload_inserts ALTER COLUMN row_ids SET COMPRESSION default;");
        }
    }
}
