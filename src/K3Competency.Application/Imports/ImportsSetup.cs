using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.Application.Imports;

public static class ImportsSetup
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        services.AddScoped<ImportService>();
        services.AddScoped<ImportErrorReport>();
        services.AddScoped<UploadHistory>();
        services.AddScoped<UploadUndo>();
        services.AddScoped<UploadChanges>();
        return services;
    }
}
