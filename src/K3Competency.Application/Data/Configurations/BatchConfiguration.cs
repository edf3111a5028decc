using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> b)
    {
        b.ToTable("batches", t =>
        {
            t.HasCheckConstraint("ck_batches_number", "number >= 1");
            t.HasCheckConstraint("ck_batches_dates", "end_date >= start_date");
            t.HasCheckConstraint("ck_batches_capacity", "capacity IS NULL OR capacity >= 0");
            t.HasCheckConstraint("ck_batches_mode", CodeConverter<BatchMode>.Check("mode"));
            t.HasCheckConstraint("ck_batches_status", CodeConverter<BatchStatus>.Check("status"));
        });
        b.HasIndex(x => new { x.ProgrammeId, x.Number }).IsUnique();
        b.HasOne(x => x.Programme).WithMany(p => p.Batches).HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Mode).HasConversion<CodeConverter<BatchMode>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.Status).HasConversion<CodeConverter<BatchStatus>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.Venue).HasMaxLength(FieldLengths.Venue);
        b.Property(x => x.Version).IsRowVersion();
    }
}

public sealed class BatchSessionConfiguration : IEntityTypeConfiguration<BatchSession>
{
    public void Configure(EntityTypeBuilder<BatchSession> b)
    {
        b.ToTable("sessions", t =>
        {
            t.HasCheckConstraint("ck_sessions_number", "number >= 1");
            t.HasCheckConstraint("ck_sessions_times", "end_time > start_time");
        });
        b.HasIndex(x => new { x.BatchId, x.Number }).IsUnique();
        // What attendance rows point at: a session together with its batch (AttendanceConfiguration).
        b.HasAlternateKey(x => new { x.BatchId, x.Id });
        b.HasOne(x => x.Batch).WithMany(x => x.Sessions).HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Title).HasMaxLength(FieldLengths.Title);
        b.Property(x => x.StartTime).HasColumnType("time(0)");
        b.Property(x => x.EndTime).HasColumnType("time(0)");
        b.Property(x => x.Version).IsRowVersion();
    }
}

public sealed class BatchInstitutionConfiguration : IEntityTypeConfiguration<BatchInstitution>
{
    public void Configure(EntityTypeBuilder<BatchInstitution> b)
    {
        b.ToTable("batch_institutions");
        b.HasKey(x => new { x.BatchId, x.InstitutionId });
        b.HasOne(x => x.Batch).WithMany(x => x.Partners).HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Institution).WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
    }
}
