using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class MeetingAliasConfiguration : IEntityTypeConfiguration<MeetingAlias>
{
    public void Configure(EntityTypeBuilder<MeetingAlias> b)
    {
        b.ToTable("meeting_aliases", t => t.HasCheckConstraint("ck_meeting_aliases_one", "(display_name IS NULL) <> (email IS NULL)"));
        b.HasIndex(x => new { x.Key, x.ParticipantId }).IsUnique();
        b.HasOne(x => x.Participant).WithMany().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.DisplayName).HasMaxLength(FieldLengths.PersonName);
        b.Property(x => x.Email).HasMaxLength(FieldLengths.Email);
        b.Property(x => x.Key).HasMaxLength(FieldLengths.Email);
        b.Property(x => x.CreatedBy).HasMaxLength(FieldLengths.UserId);
    }
}

public sealed class CheckInEventConfiguration : IEntityTypeConfiguration<CheckInEvent>
{
    public void Configure(EntityTypeBuilder<CheckInEvent> b)
    {
        b.ToTable("check_in_events");
        b.HasIndex(x => new { x.SessionId, x.Device });
        b.HasIndex(x => x.RegistrationId);
        b.HasOne<BatchSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Registration>().WithMany().HasForeignKey(x => x.RegistrationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Device).HasMaxLength(64);
        b.Property(x => x.UserAgent).HasMaxLength(FieldLengths.UserAgent);
    }
}

public sealed class AppSecretConfiguration : IEntityTypeConfiguration<AppSecret>
{
    public void Configure(EntityTypeBuilder<AppSecret> b)
    {
        b.ToTable("app_secrets");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(FieldLengths.Code);
    }
}
