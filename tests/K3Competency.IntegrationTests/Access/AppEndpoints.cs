using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Access;

/// <summary>A page (by its path, requested with GET) or an API endpoint (by method and route) the app maps.</summary>
internal sealed record AppTarget(string Key, string Method, string Pattern, bool IsApi, PageActionDescriptor? Page)
{
    public string Url(Func<string, string>? value = null) => AppEndpoints.Fill(Pattern, value);
}

/// <summary>A POST handler of a page: the handler name for ?handler= and the form fields it binds.</summary>
internal sealed record PageHandler(string? Name, IReadOnlyList<string> Fields);

/// <summary>
/// Every page and endpoint of the app, found through its own endpoint data source, so the tests that walk
/// them (the authorisation matrix, the fuzz test) see what a later change adds without being told.
/// </summary>
internal static class AppEndpoints
{
    public static List<AppTarget> Discover(IServiceProvider services)
    {
        var targets = new Dictionary<string, AppTarget>(StringComparer.Ordinal);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var page = endpoint.Metadata.GetMetadata<PageActionDescriptor>();
            if (page is not null)
            {
                targets.TryAdd(page.ViewEnginePath, new AppTarget(page.ViewEnginePath, "GET", pattern, false, page));
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                var key = $"{method} {pattern}";
                targets.TryAdd(key, new AppTarget(key, method, pattern, pattern.StartsWith("/api", StringComparison.Ordinal), null));
            }
        }
        return [.. targets.Values.OrderBy(t => t.Key, StringComparer.Ordinal)];
    }

    /// <summary>The route with each parameter filled: by <paramref name="value"/> when given, else with an id no row has.</summary>
    public static string Fill(string pattern, Func<string, string>? value = null)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            if (pattern[i] == '{')
            {
                var end = pattern.IndexOf('}', i);
                var name = pattern[(i + 1)..end].Split(':', '=', '?')[0];
                sb.Append(value?.Invoke(name) ?? name switch
                {
                    "documentName" => "v1",
                    "code" => "TIDAKADA2345",
                    _ => "999999",
                });
                i = end + 1;
            }
            else
            {
                sb.Append(pattern[i++]);
            }
        }
        return sb.ToString().Replace("//", "/", StringComparison.Ordinal);
    }

    /// <summary>The page's POST handlers with the names of every form field they bind (properties and parameters).</summary>
    public static async Task<IReadOnlyList<PageHandler>> PostHandlersAsync(IServiceProvider services, PageActionDescriptor page)
    {
        var compiled = await services.GetRequiredService<PageLoader>().LoadAsync(page, EndpointMetadataCollection.Empty);
        var properties = compiled.BoundProperties.SelectMany(p => FieldNames(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType)).ToList();
        return [.. compiled.HandlerMethods
            .Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
            .Select(h => new PageHandler(h.Name, [.. properties, .. h.Parameters
                .Where(p => p.ParameterType != typeof(CancellationToken))
                .SelectMany(p => FieldNames(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType))]))];
    }

    /// <summary>The GET query fields a page binds (SupportsGet properties and handler parameters).</summary>
    public static async Task<IReadOnlyList<string>> GetFieldsAsync(IServiceProvider services, PageActionDescriptor page)
    {
        var compiled = await services.GetRequiredService<PageLoader>().LoadAsync(page, EndpointMetadataCollection.Empty);
        return [.. compiled.BoundProperties
                .SelectMany(p => FieldNames(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType))
            .Concat(compiled.HandlerMethods.Where(h => h.HttpMethod == "GET").SelectMany(h => h.Parameters)
                .Where(p => p.ParameterType != typeof(CancellationToken))
                .SelectMany(p => FieldNames(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType)))
            .Distinct()];
    }

    private static IEnumerable<string> FieldNames(string name, Type type)
    {
        var element = Nullable.GetUnderlyingType(type) ?? type;
        if (element.IsPrimitive || element.IsEnum || element == typeof(string) || element == typeof(decimal) || element == typeof(DateOnly)
            || element == typeof(DateTime) || element == typeof(TimeOnly) || typeof(System.Collections.IEnumerable).IsAssignableFrom(element)
            || typeof(IFormFile).IsAssignableFrom(element))
        {
            return [name];
        }
        return element.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => $"{name}.{p.Name}");
    }
}
