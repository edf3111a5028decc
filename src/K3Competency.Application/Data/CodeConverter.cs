using K3Competency.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace K3Competency.Application.Data;

/// <summary>Stores an enum as its DESIGN code (AHLI_K3), the same text files and the API use.</summary>
public sealed class CodeConverter<T>() : ValueConverter<T, string>(v => v.ToCode(), s => Codes.Parse<T>(s))
    where T : struct, Enum
{
    /// <summary>A CHECK constraint body that admits only the enum's codes.</summary>
    public static string Check(string column) =>
        $"{column} IN ({string.Join(", ", Codes.All<T>().Select(c => $"'{c}'"))})";
}
