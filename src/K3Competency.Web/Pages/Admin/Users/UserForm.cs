using System.ComponentModel.DataAnnotations;
using K3Competency.Application.Data;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Web.Pages.Admin.Users;

/// <summary>The fields shared by the create and edit pages.</summary>
public class UserForm
{
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    [Display(Name = "Nama lengkap")]
    public string FullName { get; set; } = "";

    [Display(Name = "Peran")]
    public string Role { get; set; } = "";

    [Display(Name = "Lembaga (untuk Admin Lembaga)")]
    public string? InstitutionCode { get; set; }

    public static async Task<IReadOnlyList<SelectListItem>> InstitutionsAsync(K3DbContext db, CancellationToken ct) =>
        await db.Institutions.AsNoTracking().OrderBy(i => i.Name)
            .Select(i => new SelectListItem(i.Name + " (" + i.Code + ")", i.Code)).ToListAsync(ct);
}
