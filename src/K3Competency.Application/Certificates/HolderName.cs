namespace K3Competency.Application.Certificates;

/// <summary>
/// The holder's name as the public verification shows it: the first word whole, every later word as its
/// first letter and five asterisks ("Budi Santoso Wibowo" → "Budi S***** W*****"). The fixed five hide
/// the length of the rest. Enough for someone holding the paper certificate to see it matches, not
/// enough to harvest full names by trying codes. A one-word name (common in Indonesia) is shown whole:
/// it tells no more than the first word of a longer name does.
/// </summary>
public static class HolderName
{
    public const string Stars = "*****";

    public static string Mask(string fullName)
    {
        var words = fullName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return "";
        }
        return string.Join(' ', words.Select((w, i) => i == 0 ? w : Initial(w) + Stars));
    }

    private static string Initial(string word) =>
        char.IsHighSurrogate(word[0]) && word.Length > 1 ? word[..2] : word[..1];
}
