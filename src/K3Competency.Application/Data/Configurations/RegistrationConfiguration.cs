using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> b)
    {
        var fields = string.Join(", ", ExpertiseFields.Codes.Select(c => $"'{c}'"));
        b.ToTable("registrations", t =>
        {
            t.HasCheckConstraint("ck_registrations_category", CodeConverter<ParticipantCategory>.Check("category"));
            t.HasCheckConstraint("ck_registrations_mode", CodeConverter<AttendanceMode>.Check("attendance_mode"));
            // DESIGN §5.3: an expertise field for Ahli K3, none for the other categories.
            t.HasCheckConstraint("ck_registrations_expertise",
                $"(category = 'AHLI_K3' AND expertise_field IS NOT NULL AND expertise_field IN ({fields})) OR (category <> 'AHLI_K3' AND expertise_field IS NULL)");
            t.HasCheckConstraint("ck_registrations_pre_test", "pre_test_score IS NULL OR pre_test_score BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_registrations_post_test", "post_test_score IS NULL OR post_test_score BETWEEN 0 AND 100");
        });
        b.HasIndex(x => new { x.BatchId, x.ParticipantId }).IsUnique();
        b.HasIndex(x => x.ParticipantId);
        b.HasIndex(x => new { x.InstitutionId, x.BatchId });
        b.HasOne(x => x.Batch).WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Participant).WithMany(p => p.Registrations).HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Institution).WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Category).HasConversion<CodeConverter<ParticipantCategory>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.ExpertiseField).HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.LicenseNumber).HasMaxLength(FieldLengths.LicenseNumber);
        b.Property(x => x.AttendanceMode).HasConversion<CodeConverter<AttendanceMode>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.PreTestScore).HasPrecision(4, 1);
        b.Property(x => x.PostTestScore).HasPrecision(4, 1);
        b.Property(x => x.RegisteredBy).HasMaxLength(FieldLengths.UserId);
        b.Property(x => x.Version).IsRowVersion();
    }
}

public sealed class AttendanceConfiguration : IEntityTypeConfiguration<Attendance>
{
    public void Configure(EntityTypeBuilder<Attendance> b)
    {
        b.ToTable("attendances", t =>
        {
            t.HasCheckConstraint("ck_attendances_status", CodeConverter<AttendanceStatus>.Check("status"));
            t.HasCheckConstraint("ck_attendances_mode", "mode IS NULL OR " + CodeConverter<AttendanceMode>.Check("mode"));
            t.HasCheckConstraint("ck_attendances_source", CodeConverter<AttendanceSource>.Check("source"));
        });
        b.HasIndex(x => new { x.RegistrationId, x.SessionId }).IsUnique();
        b.HasIndex(x => x.SessionId);
        b.HasOne(x => x.Registration).WithMany(r => r.Attendances).HasForeignKey(x => x.RegistrationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Session).WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Status).HasConversion<CodeConverter<AttendanceStatus>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.Mode).HasConversion<CodeConverter<AttendanceMode>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.Source).HasConversion<CodeConverter<AttendanceSource>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.Version).IsRowVersion();
    }
}
