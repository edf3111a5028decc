using System;
using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddDeliveries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The job engine's tables (Quartz.NET's ADO.NET job store), in their own schema.
            migrationBuilder.Sql(SqlScript.Read("quartz-job-store.v1.sql"));

            migrationBuilder.CreateTable(
                name: "deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    certificate_id = table.Column<long>(type: "bigint", nullable: false),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    queued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    queued_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    claimed_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    claim_token = table.Column<Guid>(type: "uuid", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    last_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deliveries", x => x.id);
                    table.CheckConstraint("ck_deliveries_attempts", "attempts >= 0");
                    table.CheckConstraint("ck_deliveries_email", "email = lower(email) AND email <> ''");
                    table.CheckConstraint("ck_deliveries_sent", "(status = 'SENT') = (sent_at IS NOT NULL)");
                    table.CheckConstraint("ck_deliveries_status", "status IN ('QUEUED', 'SENT', 'FAILED')");
                    table.ForeignKey(
                        name: "fk_deliveries_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deliveries_certificates_certificate_id",
                        column: x => x.certificate_id,
                        principalTable: "certificates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_batch_id_status_next_attempt_at",
                table: "deliveries",
                columns: new[] { "batch_id", "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_certificate_id_email",
                table: "deliveries",
                columns: new[] { "certificate_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_last_attempt_at",
                table: "deliveries",
                column: "last_attempt_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deliveries");

            migrationBuilder.Sql("DROP SCHEMA quartz CASCADE");
        }
    }
}
