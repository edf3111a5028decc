using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class UploadConfiguration : IEntityTypeConfiguration<Upload>
{
    public void Configure(EntityTypeBuilder<Upload> b)
    {
        b.ToTable("uploads", t =>
        {
            t.HasCheckConstraint("ck_uploads_kind", CodeConverter<UploadKind>.Check("kind"));
            t.HasCheckConstraint("ck_uploads_counts", "rows >= 0 AND inserted >= 0 AND updated >= 0 AND unchanged >= 0 AND rejected >= 0");
        });
        b.Property(x => x.Kind).HasConversion<CodeConverter<UploadKind>>().HasMaxLength(FieldLengths.EnumCode);
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        // A session may be dropped from its batch while it has no attendance; its reports stay in the history.
        b.HasOne<BatchSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.BatchId, x.CreatedAt });
        b.Property(x => x.UploadedBy).HasMaxLength(FieldLengths.UserId);
        b.Property(x => x.FileName).HasMaxLength(FieldLengths.FileName);
        b.Property(x => x.Sha256).HasMaxLength(FieldLengths.Sha256Hex).IsFixedLength();
        b.Property(x => x.Errors).HasColumnType("jsonb");
        b.Property(x => x.Summary).HasColumnType("jsonb");
    }
}

public sealed class UploadFileConfiguration : IEntityTypeConfiguration<UploadFile>
{
    public void Configure(EntityTypeBuilder<UploadFile> b)
    {
        b.ToTable("upload_files");
        b.HasKey(x => x.UploadId);
        b.HasOne<Upload>().WithOne().HasForeignKey<UploadFile>(x => x.UploadId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.EntityType, x.EntityId });
        b.Property(x => x.UserId).HasMaxLength(FieldLengths.UserId);
        b.Property(x => x.UserName).HasMaxLength(FieldLengths.Email);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.EntityType).HasMaxLength(64);
        b.Property(x => x.EntityId).HasMaxLength(64);
        b.Property(x => x.Before).HasColumnType("jsonb");
        b.Property(x => x.After).HasColumnType("jsonb");
    }
}
