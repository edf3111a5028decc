using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class UploadUndo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "changes_recorded",
                table: "uploads",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "undone_at",
                table: "uploads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "undone_by",
                table: "uploads",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "upload_changes",
                columns: table => new
                {
                    upload_id = table.Column<long>(type: "bigint", nullable: false),
                    table_name = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    row_id = table.Column<long>(type: "bigint", nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    before_xmin = table.Column<uint>(type: "xid", nullable: true),
                    after_xmin = table.Column<uint>(type: "xid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_upload_changes", x => new { x.upload_id, x.table_name, x.row_id });
                    table.CheckConstraint("ck_upload_changes_table", "table_name IN ('participants', 'registrations', 'attendances')");
                });

            migrationBuilder.CreateTable(
                name: "upload_spools",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_upload_spools", x => x.id);
                    table.CheckConstraint("ck_upload_spools_kind", "kind IN ('REGISTRATIONS', 'ATTENDANCE', 'RESULTS', 'MEETING_REPORT')");
                    table.ForeignKey(
                        name: "fk_upload_spools_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_upload_changes_table_name_row_id",
                table: "upload_changes",
                columns: new[] { "table_name", "row_id" });

            migrationBuilder.CreateIndex(
                name: "ix_upload_spools_batch_id",
                table: "upload_spools",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_upload_spools_expires_at",
                table: "upload_spools",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "upload_changes");

            migrationBuilder.DropTable(
                name: "upload_spools");

            migrationBuilder.DropColumn(
                name: "changes_recorded",
                table: "uploads");

            migrationBuilder.DropColumn(
                name: "undone_at",
                table: "uploads");

            migrationBuilder.DropColumn(
                name: "undone_by",
                table: "uploads");
        }
    }
}
