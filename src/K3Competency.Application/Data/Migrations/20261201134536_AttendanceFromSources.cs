using System;
using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <summary>
    /// DESIGN §10.1-10.3: session times (existing sessions run 08:00-16:00 WIB), the programme's lateness and online
    /// thresholds, the source of each attendance row (existing rows came from imports), meeting reports kept with
    /// their bytes, aliases, check-in events, and the name key and trigram similarity the report matching uses.
    /// The column defaults stay in the database for raw SQL writers (demo data); the model sets every value itself.
    /// </summary>
    public partial class AttendanceFromSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_uploads_kind",
                table: "uploads");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<int>(
                name: "session_id",
                table: "uploads",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "uploads",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "end_time",
                table: "sessions",
                type: "time(0) without time zone",
                nullable: false,
                defaultValue: new TimeOnly(16, 0, 0));

            migrationBuilder.AddColumn<TimeOnly>(
                name: "start_time",
                table: "sessions",
                type: "time(0) without time zone",
                nullable: false,
                defaultValue: new TimeOnly(8, 0, 0));

            migrationBuilder.AddColumn<int>(
                name: "late_after_minutes",
                table: "programmes",
                type: "integer",
                nullable: false,
                defaultValue: 15);

            migrationBuilder.AddColumn<decimal>(
                name: "online_min_present_percent",
                table: "programmes",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 80m);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "attendances",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "IMPORT");

            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    protected_value = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_secrets", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "check_in_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    session_id = table.Column<int>(type: "integer", nullable: false),
                    registration_id = table.Column<long>(type: "bigint", nullable: false),
                    device = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_agent = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    first = table.Column<bool>(type: "boolean", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_in_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_check_in_events_registrations_registration_id",
                        column: x => x.registration_id,
                        principalTable: "registrations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_check_in_events_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meeting_aliases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    participant_id = table.Column<long>(type: "bigint", nullable: false),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    display_name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    key = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    created_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_aliases", x => x.id);
                    table.CheckConstraint("ck_meeting_aliases_one", "(display_name IS NULL) <> (email IS NULL)");
                    table.ForeignKey(
                        name: "fk_meeting_aliases_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_meeting_aliases_participants_participant_id",
                        column: x => x.participant_id,
                        principalTable: "participants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "upload_files",
                columns: table => new
                {
                    upload_id = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_upload_files", x => x.upload_id);
                    table.ForeignKey(
                        name: "fk_upload_files_uploads_upload_id",
                        column: x => x.upload_id,
                        principalTable: "uploads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_uploads_session_id",
                table: "uploads",
                column: "session_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_uploads_kind",
                table: "uploads",
                sql: "kind IN ('REGISTRATIONS', 'ATTENDANCE', 'RESULTS', 'MEETING_REPORT')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_sessions_times",
                table: "sessions",
                sql: "end_time > start_time");

            migrationBuilder.AddCheckConstraint(
                name: "ck_programmes_online",
                table: "programmes",
                sql: "late_after_minutes BETWEEN 0 AND 1440 AND online_min_present_percent BETWEEN 0 AND 100");

            migrationBuilder.AddCheckConstraint(
                name: "ck_attendances_source",
                table: "attendances",
                sql: "source IN ('IMPORT', 'MEETING_REPORT', 'CHECK_IN', 'CORRECTION')");

            migrationBuilder.CreateIndex(
                name: "ix_check_in_events_registration_id",
                table: "check_in_events",
                column: "registration_id");

            migrationBuilder.CreateIndex(
                name: "ix_check_in_events_session_id_device",
                table: "check_in_events",
                columns: new[] { "session_id", "device" });

            migrationBuilder.CreateIndex(
                name: "ix_meeting_aliases_batch_id",
                table: "meeting_aliases",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_aliases_key_participant_id",
                table: "meeting_aliases",
                columns: new[] { "key", "participant_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_meeting_aliases_participant_id",
                table: "meeting_aliases",
                column: "participant_id");

            migrationBuilder.AddForeignKey(
                name: "fk_uploads_sessions_session_id",
                table: "uploads",
                column: "session_id",
                principalTable: "sessions",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.Sql(SqlScript.Read("name_key.v1.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS k3_name_key(text);");

            migrationBuilder.DropForeignKey(
                name: "fk_uploads_sessions_session_id",
                table: "uploads");

            migrationBuilder.DropTable(
                name: "app_secrets");

            migrationBuilder.DropTable(
                name: "check_in_events");

            migrationBuilder.DropTable(
                name: "meeting_aliases");

            migrationBuilder.DropTable(
                name: "upload_files");

            migrationBuilder.DropIndex(
                name: "ix_uploads_session_id",
                table: "uploads");

            migrationBuilder.DropCheckConstraint(
                name: "ck_uploads_kind",
                table: "uploads");

            migrationBuilder.DropCheckConstraint(
                name: "ck_sessions_times",
                table: "sessions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_programmes_online",
                table: "programmes");

            migrationBuilder.DropCheckConstraint(
                name: "ck_attendances_source",
                table: "attendances");

            migrationBuilder.DropColumn(
                name: "session_id",
                table: "uploads");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "uploads");

            migrationBuilder.DropColumn(
                name: "end_time",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "start_time",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "late_after_minutes",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "online_min_present_percent",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "source",
                table: "attendances");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddCheckConstraint(
                name: "ck_uploads_kind",
                table: "uploads",
                sql: "kind IN ('REGISTRATIONS', 'ATTENDANCE', 'RESULTS')");
        }
    }
}
