using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.ToTable("deliveries", t =>
        {
            t.HasCheckConstraint("ck_deliveries_status", CodeConverter<DeliveryStatus>.Check("status"));
            t.HasCheckConstraint("ck_deliveries_attempts", "attempts >= 0");
            t.HasCheckConstraint("ck_deliveries_sent", $"(status = '{DeliveryStatus.Sent.ToCode()}') = (sent_at IS NOT NULL)");
            t.HasCheckConstraint("ck_deliveries_email", "email = lower(email) AND email <> ''");
        });
        b.Property(x => x.Email).HasMaxLength(FieldLengths.Email);
        // One row per certificate and address: queuing the same pair again finds it (DESIGN §11 "never twice").
        b.HasIndex(x => new { x.CertificateId, x.Email }).IsUnique();
        // What a sender looks for next: the batch's queued rows that are due.
        b.HasIndex(x => new { x.BatchId, x.Status, x.NextAttemptAt });
        // The throttle's "when was the last attempt anywhere".
        b.HasIndex(x => x.LastAttemptAt);
        b.Property(x => x.Status).HasConversion<CodeConverter<DeliveryStatus>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.LastError).HasMaxLength(FieldLengths.MailError);
        b.Property(x => x.QueuedBy).HasMaxLength(FieldLengths.UserId);
        b.Property(x => x.ClaimedBy).HasMaxLength(FieldLengths.NodeId);
        b.HasOne(x => x.Certificate).WithMany().HasForeignKey(x => x.CertificateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
