using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class InsertedRowsPerStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "upload_inserts",
                columns: table => new
                {
                    upload_id = table.Column<long>(type: "bigint", nullable: false),
                    table_name = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    row_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    after_xmin = table.Column<uint>(type: "xid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_upload_inserts", x => new { x.upload_id, x.table_name });
                    table.CheckConstraint("ck_upload_inserts_table", "table_name IN ('participants', 'registrations', 'attendances')");
                    table.ForeignKey(
                        name: "fk_upload_inserts_uploads_upload_id",
                        column: x => x.upload_id,
                        principalTable: "uploads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
            migrationBuilder.Sql(SqlScript.Read("upload_change_rows.v1.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Read("upload_change_rows.v1.down.sql"));
            migrationBuilder.DropTable(
                name: "upload_inserts");
        }
    }
}
