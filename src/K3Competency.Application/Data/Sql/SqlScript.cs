using System.Text.RegularExpressions;

namespace K3Competency.Application.Data.Sql;

/// <summary>
/// SQL kept as versioned files beside this class (<c>Data/Sql/*.sql</c>, embedded in the assembly) and applied
/// by migrations with <c>migrationBuilder.Sql(SqlScript.Read("name.v1.sql"))</c>, as the teaching record
/// system does. A file that a migration has applied is never edited: a change is a new version
/// (<c>name.v2.sql</c>) applied by a new migration, so every database gets the same steps in the same order.
/// </summary>
public static class SqlScript
{
    public static string Read(string fileName)
    {
        var assembly = typeof(SqlScript).Assembly;
        var resource = $"{typeof(SqlScript).Namespace}.{fileName}";
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No embedded SQL file '{fileName}' ({resource}).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// One function's definition out of a versioned file, as <c>CREATE OR REPLACE FUNCTION</c>: for a down
    /// migration that puts back the version an up migration replaced, without a second copy of its text.
    /// </summary>
    public static string Function(string fileName, string functionName)
    {
        var text = Read(fileName);
        // A file may create the function or replace an older version's; its body ends where its dollar quote
        // ($$ or a tag such as $f$) closes.
        var start = text.IndexOf($"CREATE FUNCTION {functionName}(", StringComparison.Ordinal);
        var head = "CREATE FUNCTION ".Length;
        if (start < 0)
        {
            start = text.IndexOf($"CREATE OR REPLACE FUNCTION {functionName}(", StringComparison.Ordinal);
            head = "CREATE OR REPLACE FUNCTION ".Length;
        }
        var quote = start < 0 ? null : Regex.Match(text[start..], @"\bAS (\$\w*\$)");
        var end = quote is { Success: true } ? text.IndexOf(quote.Groups[1].Value + ";", start + quote.Index + quote.Length, StringComparison.Ordinal) : -1;
        if (end < 0)
        {
            throw new InvalidOperationException($"No function '{functionName}' in '{fileName}'.");
        }
        return string.Concat("CREATE OR REPLACE FUNCTION ", text.AsSpan(start + head, end + quote!.Groups[1].Length + 1 - start - head));
    }
}
