using FluentValidation;
using K3Competency.Application.Auditing;
using K3Competency.Application.Batches;
using K3Competency.Application.Certificates;
using K3Competency.Application.Credentials;
using K3Competency.Application.Data;
using K3Competency.Application.Deliveries;
using K3Competency.Application.Demo;
using K3Competency.Application.Imports;
using K3Competency.Application.Institutions;
using K3Competency.Application.Programmes;
using K3Competency.Application.Registrations;
using K3Competency.Application.Reporting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace K3Competency.Application;

public static class DependencyInjection
{
    public const string ConnectionStringName = "K3";

    public static IHostApplicationBuilder AddApplication(this IHostApplicationBuilder builder)
    {
        // Read when first needed, so that configuration added later (tests, environment) is seen.
        builder.Services.AddDbContext<K3DbContext>((sp, o) =>
            K3DbContextOptions.Configure(o, ConnectionString(sp.GetRequiredService<IConfiguration>())));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddValidatorsFromAssemblyContaining<K3DbContext>(includeInternalTypes: true);
        builder.Services.AddScoped<DatabaseMigrator>();
        builder.Services.AddScoped<InstitutionService>();
        builder.Services.AddScoped<ProgrammeService>();
        builder.Services.AddScoped<BatchService>();
        builder.Services.AddScoped<CertificateService>();
        builder.Services.AddScoped<CertificateStanding>();
        builder.Services.AddScoped<ParticipantEditService>();
        builder.Services.AddScoped<CertificateImageService>();
        builder.Services.AddSingleton<CredentialKeys>();
        builder.Services.AddScoped<CredentialService>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<RegistrationService>();
        builder.Services.AddScoped<SelfRegistrationService>();
        builder.Services.AddScoped<VerificationService>();
        builder.Services.AddScoped<ParticipantSelfService>();
        builder.Services.AddScoped<ParticipantQueries>();
        builder.Services.AddScoped<Exports.BatchExports>();
        builder.Services.AddScoped<CorrectionService>();
        builder.Services.AddScoped<SessionAttendance>();
        builder.Services.AddScoped<PersonAttendance>();
        builder.Services.AddScoped<ReportingService>();
        builder.Services.AddScoped<DemoDataLoader>();
        builder.Services.AddImports();
        builder.AddDeliveries();
        builder.Services.AddScoped<MeetingReports.MeetingReportService>();
        builder.Services.AddOptions<CheckIn.CheckInOptions>().BindConfiguration(CheckIn.CheckInOptions.Section);
        builder.Services.AddSingleton<CheckIn.CheckInTokens>();
        builder.Services.AddScoped<CheckIn.CheckInService>();
        return builder;
    }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? throw new InvalidOperationException($"Connection string '{ConnectionStringName}' is not set (ConnectionStrings__{ConnectionStringName}).");
}
