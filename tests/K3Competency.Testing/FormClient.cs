using System.Net;
using System.Text.RegularExpressions;

namespace K3Competency.Testing;

/// <summary>
/// An HTTP client that posts forms the way a browser does: it reads the antiforgery token from the page
/// it just fetched and sends it with the form; cookies are kept by the factory's handler.
/// </summary>
public sealed partial class FormClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public async Task<string> GetStringAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>GETs <paramref name="pageUrl"/>, then posts <paramref name="fields"/> with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, IDictionary<string, string> fields, string? postUrl = null)
    {
        var html = await GetStringAsync(pageUrl);
        var token = AntiforgeryToken(html) ?? throw new InvalidOperationException($"No antiforgery token on {pageUrl}.");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        using var content = new FormUrlEncodedContent(form);
        return await Http.PostAsync(postUrl ?? pageUrl, content);
    }

    public static string? AntiforgeryToken(string html)
    {
        var m = TokenInput().Match(html);
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
