using System;
using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <summary>
    /// Self-registration (issue 15): each registration's verification status and source, the participant's
    /// single-use links, and k3_counts version 3, so only an approved registration counts.
    /// </summary>
    public partial class SelfService : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "applicant_email",
                table: "registrations",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "decided_at",
                table: "registrations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "decided_by",
                table: "registrations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rejection_reason",
                table: "registrations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "registrations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "FORM");

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "registrations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "DITERIMA");

            migrationBuilder.CreateTable(
                name: "participant_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    participant_id = table.Column<long>(type: "bigint", nullable: false),
                    purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    token_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    new_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_participant_links", x => x.id);
                    table.CheckConstraint("ck_participant_links_new_email", "(purpose = 'EMAIL_CHANGE') = (new_email IS NOT NULL)");
                    table.CheckConstraint("ck_participant_links_purpose", "purpose IN ('SIGN_IN', 'EMAIL_CHANGE')");
                    table.ForeignKey(
                        name: "fk_participant_links_participants_participant_id",
                        column: x => x.participant_id,
                        principalTable: "participants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_registrations_batch_id_status",
                table: "registrations",
                columns: new[] { "batch_id", "status" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_registrations_rejection",
                table: "registrations",
                sql: "(status = 'DITOLAK') = (rejection_reason IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_registrations_source",
                table: "registrations",
                sql: "source IN ('FORM', 'IMPORT', 'SELF')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_registrations_status",
                table: "registrations",
                sql: "status IN ('DITERIMA', 'MENUNGGU', 'DITOLAK')");

            migrationBuilder.CreateIndex(
                name: "ix_participant_links_participant_id",
                table: "participant_links",
                column: "participant_id");

            migrationBuilder.CreateIndex(
                name: "ix_participant_links_token_hash",
                table: "participant_links",
                column: "token_hash",
                unique: true);

            migrationBuilder.Sql(SqlScript.Read("k3_counts.v3.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Read("k3_counts.v3.down.sql"));

            migrationBuilder.DropTable(
                name: "participant_links");

            migrationBuilder.DropIndex(
                name: "ix_registrations_batch_id_status",
                table: "registrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_registrations_rejection",
                table: "registrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_registrations_source",
                table: "registrations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_registrations_status",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "applicant_email",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "decided_at",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "decided_by",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "rejection_reason",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "source",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "status",
                table: "registrations");
        }
    }
}
