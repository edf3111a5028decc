using System.Security.Cryptography;

namespace K3Competency.Application.Certificates;

/// <summary>
/// The unguessable code printed on a certificate and typed by whoever checks it. 12 symbols of a 31-letter
/// alphabet without look-alikes (no 0/O, 1/I/L) give about 59 bits; drawn from the OS's cryptographic random
/// source, so a code cannot be predicted from others.
/// </summary>
public static class VerificationCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 12;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Codes for one issuing call, distinct among themselves (uniqueness against stored codes is the database's).</summary>
    public static string[] NewBatch(int count)
    {
        var codes = new HashSet<string>(count, StringComparer.Ordinal);
        while (codes.Count < count)
        {
            codes.Add(New());
        }
        return [.. codes];
    }

    /// <summary>
    /// The stored form of what a person typed: case-insensitive, spaces and dashes ignored (the code is shown
    /// grouped as ABCD-EFGH-JKMN). Null when it cannot be a code, so no query is made for it.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        Span<char> buffer = stackalloc char[Length];
        var n = 0;
        foreach (var c in text)
        {
            if (c is '-' || char.IsWhiteSpace(c))
            {
                continue;
            }
            var upper = char.ToUpperInvariant(c);
            if (n == Length || !Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }
            buffer[n++] = upper;
        }
        return n == Length ? new string(buffer) : null;
    }

    /// <summary>ABCD-EFGH-JKMN: easier to read aloud and type.</summary>
    public static string Format(string code) =>
        code.Length == Length ? $"{code[..4]}-{code[4..8]}-{code[8..]}" : code;
}
