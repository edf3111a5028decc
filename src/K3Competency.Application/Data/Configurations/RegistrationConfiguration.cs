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
            t.HasCheckConstraint("ck_registrations_status", CodeConverter<RegistrationStatus>.Check("status"));
            t.HasCheckConstraint("ck_registrations_source", CodeConverter<RegistrationSource>.Check("source"));
            // A rejection always says why (DESIGN §10.4); only a rejection has a reason.
            t.HasCheckConstraint("ck_registrations_rejection", "(status = 'DITOLAK') = (rejection_reason IS NOT NULL)");
            t.HasCheckConstraint("ck_registrations_pre_test", "pre_test_score IS NULL OR pre_test_score BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_registrations_post_test", "post_test_score IS NULL OR post_test_score BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_registrations_cancellation", "(cancelled_at IS NULL) = (cancellation_reason IS NULL)");
        });
        b.HasIndex(x => new { x.BatchId, x.ParticipantId }).IsUnique();
        // What attendance rows point at: a registration together with its batch (AttendanceConfiguration).
        b.HasAlternateKey(x => new { x.BatchId, x.Id });
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
        // Existing rows, bulk SQL and the staff form are approved at once and made by staff: the defaults say so, and the
        // CLR defaults (the enums' first members) are the same values, so EF leaves them to the database.
        b.Property(x => x.Status).HasConversion<CodeConverter<RegistrationStatus>>().HasMaxLength(FieldLengths.EnumCode)
            .HasDefaultValue(RegistrationStatus.Diterima);
        b.Property(x => x.Source).HasConversion<CodeConverter<RegistrationSource>>().HasMaxLength(FieldLengths.EnumCode)
            .HasDefaultValue(RegistrationSource.Form);
        b.Property(x => x.RejectionReason).HasMaxLength(FieldLengths.Reason);
        b.Property(x => x.ApplicantEmail).HasMaxLength(FieldLengths.Email);
        b.Property(x => x.DecidedBy).HasMaxLength(FieldLengths.UserId);
        // The verification queue reads one batch's pending registrations.
        b.HasIndex(x => new { x.BatchId, x.Status });
        b.Property(x => x.CancelledBy).HasMaxLength(FieldLengths.UserId);
        b.Property(x => x.CancellationReason).HasMaxLength(FieldLengths.Reason);
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
        // DESIGN §9: attendance only on a session of the registration's own batch. Both foreign keys carry the
        // batch, so PostgreSQL refuses a row whose session belongs to another batch than its registration.
        // The unique key leads with the batch so that it also serves both foreign keys, and a batch's rows are
        // read together; it is the one row per registration and session of DESIGN §3.
        b.HasIndex(x => new { x.BatchId, x.RegistrationId, x.SessionId }).IsUnique();
        b.HasIndex(x => new { x.BatchId, x.SessionId });
        b.HasOne(x => x.Registration).WithMany(r => r.Attendances)
            .HasForeignKey(x => new { x.BatchId, x.RegistrationId }).HasPrincipalKey(r => new { r.BatchId, r.Id })
            .OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Session).WithMany()
            .HasForeignKey(x => new { x.BatchId, x.SessionId }).HasPrincipalKey(s => new { s.BatchId, s.Id })
            .OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Status).HasConversion<CodeConverter<AttendanceStatus>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.Mode).HasConversion<CodeConverter<AttendanceMode>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.Source).HasConversion<CodeConverter<AttendanceSource>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.Version).IsRowVersion();
    }
}

/// <summary>
/// The view registration_outcomes of Data/Sql/registration_outcomes.v1.sql (created by the migration that
/// applies it, not by EF).
/// </summary>
public sealed class RegistrationOutcomeConfiguration : IEntityTypeConfiguration<RegistrationOutcome>
{
    public void Configure(EntityTypeBuilder<RegistrationOutcome> b)
    {
        b.ToView("registration_outcomes");
        b.HasKey(x => x.RegistrationId);
        b.HasOne<Registration>().WithOne(r => r.Outcome).HasForeignKey<RegistrationOutcome>(x => x.RegistrationId);
        b.Property(x => x.AttendancePercent).HasPrecision(5, 2);
        b.Property(x => x.MinAttendancePercent).HasPrecision(5, 2);
        b.Property(x => x.PassingScore).HasPrecision(4, 1);
        b.Property(x => x.HighPerformanceScore).HasPrecision(4, 1);
        b.Property(x => x.PostTestScore).HasPrecision(4, 1);
    }
}

/// <summary>The view outcome_figures (the sum of its stripes, registration_outcomes.v5.sql), kept by the triggers of Data/Sql/registration_outcomes.v1.sql. Read-only.</summary>
public sealed class OutcomeFigureConfiguration : IEntityTypeConfiguration<OutcomeFigure>
{
    public void Configure(EntityTypeBuilder<OutcomeFigure> b)
    {
        b.ToTable("outcome_figures", t => t.ExcludeFromMigrations());
        b.HasKey(x => new { x.BatchId, x.Dimension, x.Code });
        b.Property(x => x.Dimension).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(32);
    }
}
