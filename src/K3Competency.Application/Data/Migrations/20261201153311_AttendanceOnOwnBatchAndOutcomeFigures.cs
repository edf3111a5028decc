using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <summary>
    /// Attendance only on a session of the registration's own batch (the batch in both foreign keys; rows that
    /// break it are deleted and kept in the audit log), and the registration outcomes of DESIGN §9 with the
    /// figures their triggers keep (registration_outcomes.v1.sql).
    /// </summary>
    public partial class AttendanceOnOwnBatchAndOutcomeFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_attendances_registrations_registration_id",
                table: "attendances");

            migrationBuilder.DropForeignKey(
                name: "fk_attendances_sessions_session_id",
                table: "attendances");

            migrationBuilder.DropIndex(
                name: "ix_attendances_registration_id_session_id",
                table: "attendances");

            migrationBuilder.DropIndex(
                name: "ix_attendances_session_id",
                table: "attendances");

            migrationBuilder.AddColumn<int>(
                name: "batch_id",
                table: "attendances",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql(SqlScript.Read("attendances_own_batch.v1.sql"));

            migrationBuilder.AddUniqueConstraint(
                name: "ak_sessions_batch_id_id",
                table: "sessions",
                columns: new[] { "batch_id", "id" });

            migrationBuilder.AddUniqueConstraint(
                name: "ak_registrations_batch_id_id",
                table: "registrations",
                columns: new[] { "batch_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_attendances_batch_id_registration_id_session_id",
                table: "attendances",
                columns: new[] { "batch_id", "registration_id", "session_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendances_batch_id_session_id",
                table: "attendances",
                columns: new[] { "batch_id", "session_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_attendances_registrations_batch_id_registration_id",
                table: "attendances",
                columns: new[] { "batch_id", "registration_id" },
                principalTable: "registrations",
                principalColumns: new[] { "batch_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_attendances_sessions_batch_id_session_id",
                table: "attendances",
                columns: new[] { "batch_id", "session_id" },
                principalTable: "sessions",
                principalColumns: new[] { "batch_id", "id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.Sql(SqlScript.Read("registration_outcomes.v1.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Read("registration_outcomes.v1.down.sql"));

            migrationBuilder.DropForeignKey(
                name: "fk_attendances_registrations_batch_id_registration_id",
                table: "attendances");

            migrationBuilder.DropForeignKey(
                name: "fk_attendances_sessions_batch_id_session_id",
                table: "attendances");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_sessions_batch_id_id",
                table: "sessions");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_registrations_batch_id_id",
                table: "registrations");

            migrationBuilder.DropIndex(
                name: "ix_attendances_batch_id_registration_id_session_id",
                table: "attendances");

            migrationBuilder.DropIndex(
                name: "ix_attendances_batch_id_session_id",
                table: "attendances");

            migrationBuilder.DropColumn(
                name: "batch_id",
                table: "attendances");

            migrationBuilder.CreateIndex(
                name: "ix_attendances_registration_id_session_id",
                table: "attendances",
                columns: new[] { "registration_id", "session_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendances_session_id",
                table: "attendances",
                column: "session_id");

            migrationBuilder.AddForeignKey(
                name: "fk_attendances_registrations_registration_id",
                table: "attendances",
                column: "registration_id",
                principalTable: "registrations",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_attendances_sessions_session_id",
                table: "attendances",
                column: "session_id",
                principalTable: "sessions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
