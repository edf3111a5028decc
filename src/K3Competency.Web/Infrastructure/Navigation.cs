using K3Competency.Web.Infrastructure.Auth;

namespace K3Competency.Web.Infrastructure;

public sealed record NavItem(string Text, string Page, string Policy, string Icon);

/// <summary>
/// The main menu: each item shows only to users its policy admits, the same policy that guards the page,
/// so the menu never offers a page that would answer 403.
/// </summary>
public static class Navigation
{
    public static readonly IReadOnlyList<NavItem> Items =
    [
        new("Dasbor", "/Dashboard/Index", Policies.Read, "bi-speedometer2"),
        new("Kegiatan", "/Programmes/Index", Policies.Manage, "bi-calendar3"),
        new("Angkatan", "/Workspace/Index", Policies.Upload, "bi-collection"),
        new("Peserta", "/Participants/Index", Policies.BatchRead, "bi-person-vcard"),
        new("Unggahan", "/Uploads/Index", Policies.Upload, "bi-cloud-upload"),
        new("Lembaga", "/Institutions/Index", Policies.Manage, "bi-building"),
        new("Pengguna", "/Admin/Users/Index", Policies.Admin, "bi-people"),
        new("Keamanan", "/Admin/Security", Policies.Admin, "bi-shield-lock"),
        new("Audit", "/Admin/Audit", Policies.Admin, "bi-journal-text"),
    ];

    /// <summary>
    /// The menu's aria-current for <paramref name="itemPage"/> while <paramref name="currentPage"/> is shown: "page" on the
    /// link to that very page, "true" on the section it belongs to (an Index item covers its folder: Kegiatan stays marked
    /// on a programme's details), nothing otherwise.
    /// </summary>
    public static string? Current(string itemPage, string? currentPage)
    {
        if (currentPage is null)
        {
            return null;
        }
        if (string.Equals(itemPage, currentPage, StringComparison.OrdinalIgnoreCase))
        {
            return "page";
        }
        return itemPage.EndsWith("/Index", StringComparison.Ordinal)
               && currentPage.StartsWith(itemPage[..^"Index".Length], StringComparison.OrdinalIgnoreCase)
            ? "true"
            : null;
    }
}
