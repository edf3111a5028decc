using System.Collections.Concurrent;
using System.Text;

namespace K3Competency.Domain;

/// <summary>
/// Maps PascalCase enum members to the upper-snake codes of DESIGN (AhliK3 ↔ AHLI_K3), the form used in
/// files, the API and the database.
/// </summary>
public static class Codes
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<string, object> ByCode, Dictionary<object, string> ByValue)> Cache = new();

    public static string ToCode<T>(this T value) where T : struct, Enum => Maps(typeof(T)).ByValue[value];

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (Maps(typeof(T)).ByCode.TryGetValue(text.Trim().ToUpperInvariant(), out var found))
        {
            value = (T)found;
            return true;
        }
        return false;
    }

    public static T Parse<T>(string code) where T : struct, Enum =>
        TryParse<T>(code, out var value) ? value : throw new ArgumentException($"Unknown {typeof(T).Name} code '{code}'.", nameof(code));

    public static IReadOnlyList<string> All<T>() where T : struct, Enum => [.. Enum.GetValues<T>().Select(v => v.ToCode())];

    internal static string Snake(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                sb.Append('_');
            }
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    private static (Dictionary<string, object> ByCode, Dictionary<object, string> ByValue) Maps(Type type) =>
        Cache.GetOrAdd(type, t =>
        {
            var byCode = new Dictionary<string, object>(StringComparer.Ordinal);
            var byValue = new Dictionary<object, string>();
            foreach (var value in Enum.GetValues(t))
            {
                var code = Snake(Enum.GetName(t, value)!);
                byCode[code] = value;
                byValue[value] = code;
            }
            return (byCode, byValue);
        });
}
