namespace K3Competency.Web.Infrastructure;

/// <summary>Text written to a CSV or XLSX export (DESIGN §5.7).</summary>
public static class SpreadsheetText
{
    /// <summary>
    /// A cell that begins with =, +, -, @, tab or CR would be run as a formula by Excel or LibreOffice
    /// (CSV injection, see OWASP "CSV Injection"); a leading apostrophe makes it plain text.
    /// </summary>
    public static string? Neutralise(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
