using K3Competency.Application.Credentials;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace K3Competency.Application.Data.Configurations;

public sealed class IssuerSecretConfiguration : IEntityTypeConfiguration<IssuerSecret>
{
    public void Configure(EntityTypeBuilder<IssuerSecret> b)
    {
        b.ToTable("issuer_secrets");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(64);
    }
}
