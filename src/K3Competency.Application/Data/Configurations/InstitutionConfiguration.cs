using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> b)
    {
        b.ToTable("institutions", t =>
        {
            t.HasCheckConstraint("ck_institutions_type", CodeConverter<InstitutionType>.Check("type"));
            t.HasCheckConstraint("ck_institutions_province", ProvinceCheck("province_code"));
        });
        b.Property(x => x.Code).HasMaxLength(FieldLengths.Code);
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.Name).HasMaxLength(FieldLengths.Name);
        b.Property(x => x.Type).HasConversion<CodeConverter<InstitutionType>>().HasMaxLength(FieldLengths.EnumCode);
        b.Property(x => x.ProvinceCode).HasMaxLength(2).IsFixedLength();
        b.Property(x => x.Version).IsRowVersion();
    }

    internal static string ProvinceCheck(string column) =>
        $"{column} IN ({string.Join(", ", Provinces.All.Select(p => $"'{p.Code}'"))})";
}
