using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> b)
    {
        b.ToTable("programmes", t =>
        {
            t.HasCheckConstraint("ck_programmes_thresholds",
                "min_attendance_percent BETWEEN 0 AND 100 AND passing_score BETWEEN 0 AND 100 AND high_performance_score BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_programmes_online", "late_after_minutes BETWEEN 0 AND 1440 AND online_min_present_percent BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_programmes_targets", "(target_upgraded IS NULL OR target_upgraded >= 0) AND (target_high_performing IS NULL OR target_high_performing >= 0)");
        });
        b.Property(x => x.Code).HasMaxLength(FieldLengths.Code);
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.Name).HasMaxLength(FieldLengths.Name);
        b.Property(x => x.Organizer).HasMaxLength(FieldLengths.Name);
        b.Property(x => x.MinAttendancePercent).HasPrecision(5, 2);
        b.Property(x => x.PassingScore).HasPrecision(4, 1);
        b.Property(x => x.HighPerformanceScore).HasPrecision(4, 1);
        b.Property(x => x.OnlineMinPresentPercent).HasPrecision(5, 2);
        b.Property(x => x.SignatoryName).HasMaxLength(FieldLengths.PersonName);
        b.Property(x => x.SignatoryPosition).HasMaxLength(FieldLengths.Position);
        b.Property(x => x.SignatoryNip).HasMaxLength(FieldLengths.Nip);
        b.Property(x => x.Version).IsRowVersion();
    }
}
