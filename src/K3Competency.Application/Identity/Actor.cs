using K3Competency.Domain;
using K3Competency.Domain.Rules;

namespace K3Competency.Application.Identity;

/// <summary>
/// Who is acting, as the services see it. Pages and API endpoints build it from the signed-in user; every
/// service that reads or writes scoped data takes one, so the institution boundary is enforced in one layer.
/// </summary>
public sealed record Actor(string UserId, string UserName, string Role, int? InstitutionId)
{
    /// <summary>Start-up work (migrations, demo data, the admin account).</summary>
    public static readonly Actor System = new("system", "system", Roles.Admin, null);

    public bool IsAdmin => Role == Roles.Admin;
    public bool IsStaffOrAdmin => Role is Roles.Admin or Roles.Staff;
    public bool IsInstitutionAdmin => Role == Roles.InstitutionAdmin;
    public bool IsDirector => Role == Roles.Director;

    /// <summary>Staff and Admin see whole NIKs (DESIGN §2); everyone else sees them masked.</summary>
    public bool SeesFullNik => IsStaffOrAdmin;

    /// <summary>A NIK as this actor may see it: whole for Staff and Admin, masked for everyone else.</summary>
    public string NikAsSeen(string nik) => SeesFullNik ? nik : Nik.Mask(nik);
}
