using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class ParticipantLinkConfiguration : IEntityTypeConfiguration<ParticipantLink>
{
    public void Configure(EntityTypeBuilder<ParticipantLink> b)
    {
        b.ToTable("participant_links", t =>
        {
            t.HasCheckConstraint("ck_participant_links_purpose", CodeConverter<ParticipantLinkPurpose>.Check("purpose"));
            t.HasCheckConstraint("ck_participant_links_new_email", "(purpose = 'EMAIL_CHANGE') = (new_email IS NOT NULL)");
        });
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.ParticipantId);
        b.HasOne(x => x.Participant).WithMany().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Purpose).HasConversion<CodeConverter<ParticipantLinkPurpose>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.TokenHash).HasMaxLength(FieldLengths.Sha256Hex).IsFixedLength();
        b.Property(x => x.NewEmail).HasMaxLength(FieldLengths.Email);
    }
}
