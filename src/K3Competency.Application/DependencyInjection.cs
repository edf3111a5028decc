using FluentValidation;
using K3Competency.Application.Data;
using K3Competency.Application.Imports;
using Microsoft.EntityFrameworkCore;
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
        builder.Services.AddDbContext<K3DbContext>((sp, o) => o
            .UseNpgsql(ConnectionString(sp.GetRequiredService<IConfiguration>()), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddValidatorsFromAssemblyContaining<K3DbContext>(includeInternalTypes: true);
        builder.Services.AddScoped<DatabaseMigrator>();
        builder.Services.AddImports();
        return builder;
    }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? throw new InvalidOperationException($"Connection string '{ConnectionStringName}' is not set (ConnectionStrings__{ConnectionStringName}).");
}
