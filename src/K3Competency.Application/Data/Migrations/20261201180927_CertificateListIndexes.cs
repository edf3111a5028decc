using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class CertificateListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_certificates_batch_id_holder_name_id",
                table: "certificates",
                columns: new[] { "batch_id", "holder_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_certificates_batch_id_issued_at_id",
                table: "certificates",
                columns: new[] { "batch_id", "issued_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_certificates_batch_id_holder_name_id",
                table: "certificates");

            migrationBuilder.DropIndex(
                name: "ix_certificates_batch_id_issued_at_id",
                table: "certificates");
        }
    }
}
