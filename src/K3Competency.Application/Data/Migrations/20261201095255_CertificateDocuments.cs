using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class CertificateDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "signatory_name",
                table: "programmes",
                type: "character varying(150)",
                maxLength: 150,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signatory_nip",
                table: "programmes",
                type: "character varying(18)",
                maxLength: 18,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signatory_position",
                table: "programmes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "document_images",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    programme_id = table.Column<int>(type: "integer", nullable: true),
                    content_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_images", x => x.id);
                    table.CheckConstraint("ck_document_images_kind", "kind IN ('LOGO', 'SIGNATURE')");
                    table.CheckConstraint("ck_document_images_programme", "(kind = 'LOGO') = (programme_id IS NULL)");
                    table.ForeignKey(
                        name: "fk_document_images_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "issuer_secrets",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    protected_value = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issuer_secrets", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_document_images_kind_programme_id",
                table: "document_images",
                columns: new[] { "kind", "programme_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_document_images_programme_id",
                table: "document_images",
                column: "programme_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "document_images");

            migrationBuilder.DropTable(
                name: "issuer_secrets");

            migrationBuilder.DropColumn(
                name: "signatory_name",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "signatory_nip",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "signatory_position",
                table: "programmes");
        }
    }
}
