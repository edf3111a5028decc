using K3Competency.Application.Credentials;
using K3Competency.Application.Identity;
using K3Competency.Domain.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Data;

public sealed class K3DbContext(DbContextOptions<K3DbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<BatchSession> Sessions => Set<BatchSession>();
    public DbSet<BatchInstitution> BatchInstitutions => Set<BatchInstitution>();
    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<ParticipantLink> ParticipantLinks => Set<ParticipantLink>();
    public DbSet<Attendance> Attendances => Set<Attendance>();
    public DbSet<RegistrationOutcome> RegistrationOutcomes => Set<RegistrationOutcome>();
    public DbSet<OutcomeFigure> OutcomeFigures => Set<OutcomeFigure>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<Upload> Uploads => Set<Upload>();
    public DbSet<UploadFile> UploadFiles => Set<UploadFile>();
    public DbSet<UploadChange> UploadChanges => Set<UploadChange>();
    public DbSet<UploadInsert> UploadInserts => Set<UploadInsert>();
    /// <summary>Both logs of an import's rows (updated and inserted), read-only.</summary>
    public DbSet<UploadChangeEntry> UploadChangeEntries => Set<UploadChangeEntry>();
    public DbSet<SpooledUpload> SpooledUploads => Set<SpooledUpload>();
    public DbSet<MeetingAlias> MeetingAliases => Set<MeetingAlias>();
    public DbSet<CheckInEvent> CheckInEvents => Set<CheckInEvent>();
    public DbSet<AppSecret> AppSecrets => Set<AppSecret>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DocumentImage> DocumentImages => Set<DocumentImage>();
    public DbSet<IssuerSecret> IssuerSecrets => Set<IssuerSecret>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Name similarity for the candidates of an unmatched meeting-report row (DESIGN §10.2).
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(K3DbContext).Assembly);
    }
}
