using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutcomeFigureStripes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Read("registration_outcomes.v5.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // One table again, counted from scratch: v1's statement end and recount write one row per batch and code.
            migrationBuilder.Sql("DROP VIEW outcome_figures;");
            migrationBuilder.Sql("DELETE FROM outcome_figure_stripes;");
            migrationBuilder.Sql("ALTER TABLE outcome_figure_stripes DROP CONSTRAINT outcome_figure_stripes_pkey;");
            migrationBuilder.Sql("ALTER TABLE outcome_figure_stripes DROP COLUMN stripe;");
            migrationBuilder.Sql("ALTER TABLE outcome_figure_stripes RENAME TO outcome_figures;");
            migrationBuilder.Sql("ALTER TABLE outcome_figures ADD CONSTRAINT outcome_figures_pkey PRIMARY KEY (batch_id, dimension, code);");
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v1.sql", "k3_outcome_figures_sql"));
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v1.sql", "k3_recount_outcome_figures"));
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v4.sql", "k3_outcome_changes_begin"));
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v3.sql", "k3_outcomes_after_attendances"));
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v4.sql", "k3_apply_outcome_changes"));
            migrationBuilder.Sql("DROP FUNCTION k3_outcome_stripe();");
            migrationBuilder.Sql("SELECT k3_recount_outcome_figures();");
        }
    }
}
