using K3Competency.Application;
using K3Competency.Application.Certificates;
using K3Competency.Application.Programmes;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Admin;

/// <summary>
/// The images every certificate prints (Admin only, the folder's policy; the service checks again): the logo,
/// and each programme's signature beside its signatory, who is set on the programme's form.
/// </summary>
public sealed class CertificateImagesModel(CertificateImageService images, ProgrammeService programmes) : PageModel
{
    public DocumentImageItem? Logo { get; private set; }
    public IReadOnlyList<ProgrammeItem> Programmes { get; private set; } = [];
    public IReadOnlyDictionary<int, DocumentImageItem> Signatures { get; private set; } = new Dictionary<int, DocumentImageItem>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The stored PNG for a preview; id 0 is the shipped default logo.</summary>
    public async Task<IActionResult> OnGetImageAsync(int id, CancellationToken ct)
    {
        var png = id == 0 ? CertificateImages.DefaultLogo : await images.ContentAsync(id, ct);
        return png is null ? NotFound() : File(png, "image/png");
    }

    public Task<IActionResult> OnPostLogoAsync(IFormFile? file, CancellationToken ct) =>
        SaveAsync(DocumentImageKind.Logo, null, file, "Logo sertifikat disimpan; sertifikat berikutnya memakai logo ini.", ct);

    public Task<IActionResult> OnPostSignatureAsync(int programmeId, IFormFile? file, CancellationToken ct) =>
        SaveAsync(DocumentImageKind.Signature, programmeId, file, "Tanda tangan disimpan; sertifikat kegiatan ini kini memuatnya.", ct);

    public async Task<IActionResult> OnPostRemoveAsync(string kind, int? programmeId, CancellationToken ct)
    {
        if (!Codes.TryParse<DocumentImageKind>(kind, out var parsed))
        {
            return BadRequest();
        }
        var result = await images.RemoveAsync(parsed, programmeId, User.ToActor(), ct);
        if (!result.Succeeded)
        {
            return await ShowErrorsAsync(result, ct);
        }
        TempData["Message"] = parsed == DocumentImageKind.Logo
            ? "Logo dihapus; sertifikat kembali memakai logo bawaan."
            : "Tanda tangan dihapus; sertifikat kegiatan ini dicetak tanpa gambar tanda tangan.";
        return RedirectToPage();
    }

    private async Task<IActionResult> SaveAsync(DocumentImageKind kind, int? programmeId, IFormFile? file, string done, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("", "Pilih berkas gambar PNG atau JPEG terlebih dahulu.");
            await LoadAsync(ct);
            return Page();
        }
        // The service refuses a file over the limit; reading one only to refuse it is not worth it.
        var bytes = new byte[Math.Min(file.Length, CertificateImages.MaxBytes + 1L)];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, ct);
        }
        var result = await images.SaveAsync(kind, programmeId, bytes, User.ToActor(), ct);
        if (!result.Succeeded)
        {
            return await ShowErrorsAsync(result, ct);
        }
        TempData["Message"] = done;
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowErrorsAsync<T>(ServiceResult<T> result, CancellationToken ct)
    {
        if (this.Refusal(result) is { } refusal)
        {
            return refusal;
        }
        // Every message shows above the forms: the page has several file inputs, one per slot.
        ModelState.AddErrors(result, keys: result.Errors.Keys.ToDictionary(k => k, _ => ""));
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var stored = await images.ListAsync(ct);
        Logo = stored.FirstOrDefault(i => i.Kind == DocumentImageKind.Logo);
        Signatures = stored.Where(i => i.Kind == DocumentImageKind.Signature).ToDictionary(i => i.ProgrammeId!.Value);
        Programmes = await programmes.ListAsync(ct);
    }
}
