using System.Text;

namespace K3Competency.Application.Imports;

/// <summary>
/// Writes CSV the way Indonesian Excel opens it: UTF-8 with BOM, ';' between cells, CRLF. Every export
/// (error reports, dashboard summaries) goes through it, so the formula-injection rule is written once.
/// </summary>
public static class CsvText
{
    public const char Delimiter = ';';

    public static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>
    /// A cell that starts with =, +, -, @, tab or CR would run as a formula in Excel (DESIGN §5.7); a leading
    /// apostrophe makes it text. The importer strips that apostrophe again from NIK and phone.
    /// </summary>
    public static string Neutralize(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(";,\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    public static string Line(IEnumerable<string?> cells) =>
        string.Join(Delimiter, cells.Select(c => Quote(Neutralize(c)))) + "\r\n";
}
