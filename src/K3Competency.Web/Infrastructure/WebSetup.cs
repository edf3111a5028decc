using System.Globalization;
using K3Competency.Application.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Serilog;

namespace K3Competency.Web.Infrastructure;

public static class WebSetup
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        builder.AddLogging();

        var services = builder.Services;
        services.AddRazorPages();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks().AddDbContextCheck<K3DbContext>("database", tags: [ReadyTag]);

        // Keys in PostgreSQL: every instance behind a load balancer reads the same cookies.
        services.AddDataProtection().SetApplicationName("K3Competency").PersistKeysToDbContext<K3DbContext>();

        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Formats.Culture);
            o.SupportedCultures = [Formats.Culture];
            o.SupportedUICultures = [Formats.Culture];
            o.RequestCultureProviders.Clear();
        });
        CultureInfo.DefaultThreadCurrentCulture = Formats.Culture;
        CultureInfo.DefaultThreadCurrentUICulture = Formats.Culture;

        services.AddHostedService<StartupTasks>();
        return builder;
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging(RequestLogging.Configure);

        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages =>
        {
            pages.UseExceptionHandler("/Error");
            pages.UseStatusCodePagesWithReExecute("/Status", "?code={0}");
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        app.MapOpenApi();
        app.MapRazorPages();
        return app;
    }
}
