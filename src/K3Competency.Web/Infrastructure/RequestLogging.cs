using System.Globalization;
using System.Text.RegularExpressions;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Core;
using Serilog.Events;

namespace K3Competency.Web.Infrastructure;

/// <summary>One log line per request; no NIK, password or token may reach it (DESIGN §8).</summary>
public static partial class RequestLogging
{
    public static void AddLogging(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((services, lc) => lc
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.With<RedactingEnricher>()
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture, outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));

    public static void Configure(RequestLoggingOptions o)
    {
        // Only the path, never the query string; long digit runs (a NIK typed into a URL) are masked.
        o.MessageTemplate = "HTTP {RequestMethod} {SafePath} responded {StatusCode} in {Elapsed:0.0} ms";
        o.EnrichDiagnosticContext = (diag, http) => diag.Set("SafePath", Redact(http.Request.Path.Value));
        o.GetLevel = (http, _, ex) => ex is not null || http.Response.StatusCode >= 500
            ? Serilog.Events.LogEventLevel.Error
            : Serilog.Events.LogEventLevel.Information;
    }

    /// <summary>Long digit runs (NIKs) and the check-in token of a /presensi/{token} address become [redacted].</summary>
    public static string Redact(string? text) =>
        text is null ? "" : CheckInToken().Replace(LongDigits().Replace(text, "[redacted]"), "/presensi/[redacted]");

    // Ten or more digits in a row, also when written with spaces, dots, dashes or underscores between them
    // (3578-0801-0203-0001, "3578 0801 ...", URL-encoded %20 or +): a NIK in any notation people type it.
    [GeneratedRegex(@"\d(?:(?:[\s.\-_+]|%20|%2[dD]|%2[eE])*\d){9,}")]
    private static partial Regex LongDigits();

    [GeneratedRegex(@"/presensi/[^/?#\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex CheckInToken();

    /// <summary>Masks long digit runs in every text property (RequestPath included) before any sink sees it.</summary>
    private sealed class RedactingEnricher : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            foreach (var (name, value) in logEvent.Properties.ToList())
            {
                if (value is ScalarValue { Value: string text } && LongDigits().IsMatch(text))
                {
                    logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(Redact(text))));
                }
            }
        }
    }
}
