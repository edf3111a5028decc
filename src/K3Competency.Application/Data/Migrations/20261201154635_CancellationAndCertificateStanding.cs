using System;
using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <summary>
    /// Cancellation of a registration (it stops counting: k3_counts v2), and what a certificate states (holder's
    /// name, high-performing) so that certificate_standing can tell a live certificate its data no longer
    /// supports (certificate_standing.v1.sql). Existing certificates state what their data says today.
    /// </summary>
    public partial class CancellationAndCertificateStanding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "cancellation_reason",
                table: "registrations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "cancelled_at",
                table: "registrations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "cancelled_by",
                table: "registrations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "high_performing",
                table: "certificates",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "holder_name",
                table: "certificates",
                type: "character varying(150)",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddCheckConstraint(
                name: "ck_registrations_cancellation",
                table: "registrations",
                sql: "(cancelled_at IS NULL) = (cancellation_reason IS NULL)");

            migrationBuilder.Sql("""
                UPDATE certificates c SET holder_name = pa.full_name, high_performing = o.high_performing
                FROM registration_outcomes o
                JOIN participants pa ON pa.id = o.participant_id
                WHERE o.registration_id = c.registration_id;
                """);
            migrationBuilder.Sql(SqlScript.Read("certificate_standing.v1.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Read("certificate_standing.v1.down.sql"));

            migrationBuilder.DropCheckConstraint(
                name: "ck_registrations_cancellation",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "cancellation_reason",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "cancelled_at",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "cancelled_by",
                table: "registrations");

            migrationBuilder.DropColumn(
                name: "high_performing",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "holder_name",
                table: "certificates");
        }
    }
}
