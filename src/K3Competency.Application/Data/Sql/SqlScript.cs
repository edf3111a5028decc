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
        // A file may create the function or replace an older version's.
        var start = text.IndexOf($"CREATE FUNCTION {functionName}(", StringComparison.Ordinal);
        if (start < 0)
        {
            start = text.IndexOf($"CREATE OR REPLACE FUNCTION {functionName}(", StringComparison.Ordinal);
            start = start < 0 ? -1 : start + "OR REPLACE ".Length;
        }
        var end = start < 0 ? -1 : text.IndexOf("\n$$;", start, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"No function '{functionName}' in '{fileName}'.");
        }
        // "CREATE FUNCTION name(...) ... $$;" becomes "CREATE OR REPLACE FUNCTION name(...) ... $$;".
        return string.Concat("CREATE OR REPLACE ", text.AsSpan(start + "CREATE ".Length, end + "\n$$;".Length - start - "CREATE ".Length));
    }
}
