using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class DocumentImageConfiguration : IEntityTypeConfiguration<DocumentImage>
{
    public void Configure(EntityTypeBuilder<DocumentImage> b)
    {
        b.ToTable("document_images", t =>
        {
            t.HasCheckConstraint("ck_document_images_kind", CodeConverter<DocumentImageKind>.Check("kind"));
            // The logo belongs to no programme; a signature to exactly one.
            t.HasCheckConstraint("ck_document_images_programme", "(kind = 'LOGO') = (programme_id IS NULL)");
        });
        b.Property(x => x.Kind).HasConversion<CodeConverter<DocumentImageKind>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.ContentType).HasMaxLength(FieldLengths.ContentType);
        b.Property(x => x.Sha256).HasMaxLength(FieldLengths.Sha256Hex);
        b.Property(x => x.UpdatedBy).HasMaxLength(FieldLengths.UserId);
        // One image per slot; NULLS NOT DISTINCT makes the logo (programme NULL) unique too, so two Admins
        // uploading at once replace each other instead of leaving two logos.
        b.HasIndex(x => new { x.Kind, x.ProgrammeId }).IsUnique().AreNullsDistinct(false);
        b.HasOne<Programme>().WithMany().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}
