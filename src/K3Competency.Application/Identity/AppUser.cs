using Microsoft.AspNetCore.Identity;

namespace K3Competency.Application.Identity;

/// <summary>A login. An InstitutionAdmin belongs to exactly one institution.</summary>
public sealed class AppUser : IdentityUser
{
    public string FullName { get; set; } = "";
    public int? InstitutionId { get; set; }
    public bool IsDisabled { get; set; }
    public bool MustChangePassword { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The TOTP time step of the last authenticator code accepted; a code is never accepted twice.</summary>
    public long? LastTotpTimeStep { get; set; }
}
