namespace K3Competency.Application.Identity;

public static class IdentityClaims
{
    /// <summary>The institution of an InstitutionAdmin.</summary>
    public const string InstitutionId = "k3:institution";
    public const string FullName = "k3:name";
    /// <summary>Role claim on a role: members must sign in with a second factor.</summary>
    public const string RequireTwoFactor = "k3:require-2fa";
}
