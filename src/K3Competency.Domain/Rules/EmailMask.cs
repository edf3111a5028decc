namespace K3Competency.Domain.Rules;

/// <summary>
/// An e-mail address as lists and the API show it (DESIGN §12 "email (masked)"): the first letter of the
/// mailbox, five asterisks, and the domain whole ("budi.santoso@contoh.co.id" → "b*****@contoh.co.id").
/// Enough for Staff to recognise a mistyped domain, not enough to harvest addresses. The fixed five hide
/// the mailbox's length.
/// </summary>
public static class EmailMask
{
    public const string Stars = "*****";

    public static string Mask(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "";
        }
        var at = email.LastIndexOf('@');
        if (at <= 0)
        {
            return Stars;
        }
        var first = char.IsHighSurrogate(email[0]) && at > 1 ? email[..2] : email[..1];
        return first + Stars + email[at..];
    }
}
