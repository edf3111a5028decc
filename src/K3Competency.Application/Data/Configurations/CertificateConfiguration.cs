using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> b)
    {
        b.ToTable("certificates", t =>
        {
            t.HasCheckConstraint("ck_certificates_sequence", "sequence >= 1");
            t.HasCheckConstraint("ck_certificates_revocation", "(revoked_at IS NULL) = (revocation_reason IS NULL)");
        });
        b.Property(x => x.Number).HasMaxLength(FieldLengths.CertificateNumber);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => new { x.BatchId, x.Sequence }).IsUnique();
        // The other two orders of a batch's certificate list (by number is the sequence above), so a page is read in
        // order from the index and does not sort the whole batch first.
        b.HasIndex(x => new { x.BatchId, x.HolderName, x.Id });
        b.HasIndex(x => new { x.BatchId, x.IssuedAt, x.Id });
        b.Property(x => x.VerificationCode).HasMaxLength(FieldLengths.VerificationCode);
        b.HasIndex(x => x.VerificationCode).IsUnique();
        // At most one live (unrevoked) certificate per registration; revoked ones stay as history.
        b.HasIndex(x => x.RegistrationId).IsUnique().HasFilter("revoked_at IS NULL").HasDatabaseName("ux_certificates_live_registration");
        b.HasOne(x => x.Registration).WithMany().HasForeignKey(x => x.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.IssuedBy).HasMaxLength(FieldLengths.UserId);
        b.Property(x => x.HolderName).HasMaxLength(FieldLengths.PersonName);
        b.Property(x => x.RevokedBy).HasMaxLength(FieldLengths.UserId);
        b.Property(x => x.RevocationReason).HasMaxLength(FieldLengths.Reason);
        b.Property(x => x.Version).IsRowVersion();
    }
}
