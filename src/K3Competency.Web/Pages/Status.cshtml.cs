using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages;

/// <summary>The page shown for 403, 404 and other status codes of page requests.</summary>
[IgnoreAntiforgeryToken]
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class StatusModel : PageModel
{
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    /// <summary>A failed POST is re-executed as a POST; it gets the same page.</summary>
    public void OnPost([FromQuery] int code) => OnGet(code);

    public void OnGet([FromQuery] int code)
    {
        (Heading, Message) = code switch
        {
            403 => ("Akses ditolak", "Anda tidak memiliki hak untuk membuka halaman ini."),
            404 => ("Halaman tidak ditemukan", "Alamat yang Anda buka tidak ada atau sudah dipindahkan."),
            429 => ("Terlalu banyak permintaan", "Tunggu sebentar, lalu coba lagi."),
            _ => ("Terjadi kesalahan", $"Permintaan tidak dapat diselesaikan (kode {code})."),
        };
        // Keep the original status for a re-executed request.
        if (code >= 400)
        {
            Response.StatusCode = code;
        }
    }
}
