using System.ComponentModel.DataAnnotations;
using K3Competency.Application.Institutions;
using Microsoft.AspNetCore.Mvc.Rendering;

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

    public static async Task<IReadOnlyList<SelectListItem>> InstitutionsAsync(InstitutionService institutions, CancellationToken ct) =>
        [.. (await institutions.ListAsync(ct)).Select(i => new SelectListItem($"{i.Name} ({i.Code})", i.Code))];
}
