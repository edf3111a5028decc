using K3Competency.Application;
using K3Competency.Application.Institutions;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Institutions;

/// <summary>Create (no id) or edit an institution; a stale save shows the current values.</summary>
public sealed class EditModel(InstitutionService institutions) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public string Type { get; set; } = InstitutionType.LembagaPelatihan.ToCode();
        public string ProvinceCode { get; set; } = "";
        public uint Version { get; set; }
    }

    public bool IsNew { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        IsNew = id is null;
        if (id is null)
        {
            return Page();
        }
        var item = await institutions.GetAsync(id.Value, ct);
        if (item is null)
        {
            return NotFound();
        }
        Input = new InputModel { Code = item.Code, Name = item.Name, Type = item.Type, ProvinceCode = item.ProvinceCode, Version = item.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        IsNew = id is null;
        var input = new InstitutionInput(Input.Code ?? "", Input.Name ?? "", Input.Type ?? "", Input.ProvinceCode ?? "");
        var result = id is null
            ? await institutions.CreateAsync(input, User.ToActor(), ct)
            : await institutions.UpdateAsync(id.Value, input, Input.Version, User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"Lembaga {result.Value!.Name} disimpan.";
            return RedirectToPage("Index");
        }
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        ModelState.AddErrors(result);
        if (result.Failure == Failure.Stale && await institutions.GetAsync(id!.Value, ct) is { } current)
        {
            // Show what is stored now; the user's version token moves on so a deliberate second save goes through.
            ModelState.Clear();
            ModelState.AddErrors(result);
            Input = new InputModel { Code = current.Code, Name = current.Name, Type = current.Type, ProvinceCode = current.ProvinceCode, Version = current.Version };
        }
        return Page();
    }
}
