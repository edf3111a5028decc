using System.Globalization;
using K3Competency.Application.Data;
using K3Competency.Domain;
using K3Competency.Web.Api;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Quartz;
using Serilog;

namespace K3Competency.Web.Infrastructure;

public static class WebSetup
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        builder.AddLogging();

        // First of the hosted services, which start in order: Data Protection's own hosted service reads the
        // key ring from a table the migrations create, and on an empty database would log an error first.
        builder.Services.AddHostedService<StartupTasks>();
        // The job engine after the migrations, which create its tables. A shutdown asks running jobs to stop
        // after the mail in hand and waits for them.
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        builder.AddK3Auth();

        // Uploads may be as large as the import limit (default 20 MB); the import service refuses larger ones itself.
        var maxUpload = builder.Configuration.GetValue("Imports:MaxFileBytes", 20L * 1024 * 1024);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxUpload + (1024 * 1024));
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(f => f.MultipartBodyLengthLimit = maxUpload + (1024 * 1024));

        var services = builder.Services;
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            o.Conventions.AuthorizeFolder("/Institutions", Policies.Manage);
            o.Conventions.AuthorizeFolder("/Programmes", Policies.Manage);
            o.Conventions.AuthorizeFolder("/Batches", Policies.BatchRead);
            o.Conventions.AuthorizeFolder("/Participants", Policies.BatchRead);
            o.Conventions.AuthorizePage("/Participants/Edit", Policies.Manage);
            o.Conventions.AuthorizeFolder("/Uploads", Policies.Upload);
            o.Conventions.AuthorizeFolder("/Certificates", Policies.Manage);
            o.Conventions.AuthorizeFolder("/Dashboard", Policies.Read);
            o.Conventions.AuthorizeFolder("/Registrations", Policies.Manage);
            o.Conventions.AuthorizeFolder("/Workspace", Policies.Upload);
            o.Conventions.AuthorizeFolder("/Attendance", Policies.Upload);
            o.Conventions.AuthorizeFolder("/CheckIn", Policies.Upload);
        }).AddMvcOptions(o => o.UseIndonesianMessages());
        // No client-side validation script is served; without this the validation summary writes an inline
        // style attribute, which the CSP refuses.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcViewOptions>(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Indonesian);
        // One year, subdomains included; also for localhost, so the tests see what production sends. Behind a
        // TLS-terminating proxy set ASPNETCORE_FORWARDEDHEADERS_ENABLED=true so the app knows it is HTTPS.
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
            o.ExcludedHosts.Clear();
        });
        // Secure over HTTPS (the app refuses nothing over plain HTTP in development).
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = CsrfProtection.HeaderName;
        });
        // A body the API cannot bind is thrown in every environment (the default only in Development), so
        // UnreadableRequestHandler can answer in Indonesian with the field to fix.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<UnreadableRequestHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new HourMinuteConverter()));
        services.AddPublicRateLimits();
        services.AddK3OpenApi();
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

        return builder;
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging(RequestLogging.Configure);

        app.UseWhen(c => c.Request.IsApi(), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !c.Request.IsApi(), pages =>
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
        // An address nothing answers is a plain 404 for everyone, not a login prompt.
        app.Use((ctx, next) =>
        {
            if (ctx.GetEndpoint() is null)
            {
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(ctx);
        });
        app.UseAuthentication();
        app.UseSessionRevalidation();
        app.UseCsrfProtection();
        app.UseRateLimiter();
        app.UseAccountRequirements();
        app.UseAuthorization();

        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapRazorPages();
        app.MapApi();
        return app;
    }
}
