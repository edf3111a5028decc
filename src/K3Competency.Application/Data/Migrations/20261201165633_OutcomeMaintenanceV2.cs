using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutcomeMaintenanceV2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Read("registration_outcomes.v2.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE registration_attendance RESET (fillfactor);");
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v1.sql", "k3_apply_outcome_changes"));
        }
    }
}
