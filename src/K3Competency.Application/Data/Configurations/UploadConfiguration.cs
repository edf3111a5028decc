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
        b.Property(x => x.UndoneBy).HasMaxLength(FieldLengths.UserId);
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

public sealed class UploadChangeConfiguration : IEntityTypeConfiguration<UploadChange>
{
    public void Configure(EntityTypeBuilder<UploadChange> b)
    {
        b.ToTable("upload_changes", t =>
            t.HasCheckConstraint("ck_upload_changes_table", "table_name IN ('participants', 'registrations', 'attendances')"));
        b.HasKey(x => new { x.UploadId, x.TableName, x.RowId });
        // No foreign key to uploads: it would be checked once per recorded row inside the merge (measured: +0.7 s per
        // 100,000 rows); the rows are written only by the merge of a saved upload, and uploads are never deleted.
        // Byte-wise collation: the two indexes are maintained per row, and a linguistic one costs there for nothing.
        b.Property(x => x.TableName).HasMaxLength(16).UseCollation("C");
        // The undo of an upload looks for the other uploads that touched the same rows.
        b.HasIndex(x => new { x.TableName, x.RowId });
        RecordedUploadRowConfiguration.Columns(b);
    }
}

public sealed class UploadInsertConfiguration : IEntityTypeConfiguration<UploadInsert>
{
    public void Configure(EntityTypeBuilder<UploadInsert> b)
    {
        b.ToTable("upload_inserts", t =>
            t.HasCheckConstraint("ck_upload_inserts_table", "table_name IN ('participants', 'registrations', 'attendances')"));
        // One merge statement per table and upload; one row per statement, so the foreign key is checked once.
        b.HasKey(x => new { x.UploadId, x.TableName });
        b.HasOne<Upload>().WithMany().HasForeignKey(x => x.UploadId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.TableName).HasMaxLength(16).UseCollation("C");
        b.Property(x => x.AfterXmin).HasColumnType("xid");
        // A 100,000-row file's ids are 800 kB: lz4 halves them in 17 ms where the default pglz took 120 ms of the
        // import's merge statement (measured in psql on the summary bench's database).
        b.PrimitiveCollection(x => x.RowIds).Metadata.SetCompressionMethod("lz4");
    }
}

/// <summary>The view over both logs (upload_change_rows.v1.sql), created by its migration, not by EF.</summary>
public sealed class UploadChangeEntryConfiguration : IEntityTypeConfiguration<UploadChangeEntry>
{
    public void Configure(EntityTypeBuilder<UploadChangeEntry> b)
    {
        b.ToView("upload_change_rows");
        b.HasNoKey();
        b.Property(x => x.TableName).HasMaxLength(16);
        RecordedUploadRowConfiguration.Columns(b);
    }
}

/// <summary>The column types of a recorded row (<see cref="RecordedUploadRow"/>), in the table and in the view.</summary>
internal static class RecordedUploadRowConfiguration
{
    public static void Columns<T>(EntityTypeBuilder<T> b) where T : RecordedUploadRow
    {
        b.Property(x => x.Before).HasColumnType("jsonb");
        b.Property(x => x.BeforeXmin).HasColumnType("xid");
        b.Property(x => x.AfterXmin).HasColumnType("xid");
    }
}

public sealed class SpooledUploadConfiguration : IEntityTypeConfiguration<SpooledUpload>
{
    public void Configure(EntityTypeBuilder<SpooledUpload> b)
    {
        b.ToTable("upload_spools", t => t.HasCheckConstraint("ck_upload_spools_kind", CodeConverter<UploadKind>.Check("kind")));
        b.Property(x => x.UploadedBy).HasMaxLength(FieldLengths.UserId);
        b.Property(x => x.Kind).HasConversion<CodeConverter<UploadKind>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.FileName).HasMaxLength(FieldLengths.FileName);
        b.Property(x => x.Sha256).HasMaxLength(FieldLengths.Sha256Hex).IsFixedLength();
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        // Expired spools are deleted by the next preview or commit of anyone.
        b.HasIndex(x => x.ExpiresAt);
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
