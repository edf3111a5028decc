using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> b)
    {
        b.ToTable("participants", t =>
        {
            t.HasCheckConstraint("ck_participants_nik", "nik ~ '^[0-9]{16}$'");
            t.HasCheckConstraint("ck_participants_gender", CodeConverter<Gender>.Check("gender"));
            t.HasCheckConstraint("ck_participants_province", InstitutionConfiguration.ProvinceCheck("province_code"));
            t.HasCheckConstraint("ck_participants_phone", "phone IS NULL OR phone ~ '^\\+628[0-9]{8,11}$'");
        });
        b.Property(x => x.Nik).HasMaxLength(FieldLengths.Nik).IsFixedLength();
        b.HasIndex(x => x.Nik).IsUnique();
        b.Property(x => x.FullName).HasMaxLength(FieldLengths.PersonName);
        b.HasIndex(x => x.FullName);
        b.Property(x => x.Email).HasMaxLength(FieldLengths.Email);
        b.Property(x => x.Phone).HasMaxLength(FieldLengths.Phone);
        b.Property(x => x.Gender).HasConversion<CodeConverter<Gender>>().HasMaxLength(1).IsFixedLength();
        b.Property(x => x.ProvinceCode).HasMaxLength(2).IsFixedLength();
        b.Property(x => x.Employer).HasMaxLength(FieldLengths.Employer);
        b.Property(x => x.Version).IsRowVersion();
    }
}
