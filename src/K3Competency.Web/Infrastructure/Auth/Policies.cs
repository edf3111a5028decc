using K3Competency.Domain;
using Microsoft.AspNetCore.Authorization;

namespace K3Competency.Web.Infrastructure.Auth;

/// <summary>Named policies of DESIGN §2, set once here and used by folder conventions and API groups.</summary>
public static class Policies
{
    /// <summary>Users and roles.</summary>
    public const string Admin = "Admin";
    /// <summary>Programmes, batches, institutions, participants, certificates: Staff and Admin.</summary>
    public const string Manage = "Manage";
    /// <summary>Dashboards, reports, exports: Staff, Admin and Director.</summary>
    public const string Read = "Read";
    /// <summary>Attendance and results uploads: Staff, Admin and InstitutionAdmin (narrowed per row by the institution scope).</summary>
    public const string Upload = "Upload";
    /// <summary>Batch pages: everyone signed in but a Director sees only reports; institution admins see partner batches.</summary>
    public const string BatchRead = "BatchRead";

    public static void Add(AuthorizationOptions o)
    {
        o.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        o.AddPolicy(Manage, p => p.RequireRole(Roles.Admin, Roles.Staff));
        o.AddPolicy(Read, p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.Director));
        o.AddPolicy(Upload, p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.InstitutionAdmin));
        o.AddPolicy(BatchRead, p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.Director, Roles.InstitutionAdmin));
        // Whatever is not marked otherwise needs a signed-in user: a page added without thought is not public.
        o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
