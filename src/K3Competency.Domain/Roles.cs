namespace K3Competency.Domain;

/// <summary>Role claim values of DESIGN §2.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";
    public const string InstitutionAdmin = "InstitutionAdmin";
    public const string Director = "Director";

    public static readonly IReadOnlyList<string> All = [Admin, Staff, InstitutionAdmin, Director];

    public static string DisplayName(string role) => role switch
    {
        Admin => "Administrator",
        Staff => "Staf Direktorat",
        InstitutionAdmin => "Admin Lembaga",
        Director => "Direktur",
        _ => role,
    };
}
