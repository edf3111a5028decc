using K3Competency.Application;
using K3Competency.Application.Programmes;
using K3Competency.Application.Registrations;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Programmes;

/// <summary>Create (no id) or edit a programme and its thresholds and targets.</summary>
public sealed class EditModel(ProgrammeService programmes, TimeProvider time) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public sealed class InputModel
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public int Year { get; set; }
        public decimal MinAttendancePercent { get; set; } = Programme.DefaultMinAttendancePercent;
        public decimal PassingScore { get; set; } = Programme.DefaultPassingScore;
        public decimal HighPerformanceScore { get; set; } = Programme.DefaultHighPerformanceScore;
        public int? TargetUpgraded { get; set; }
        public int? TargetHighPerforming { get; set; }
        public string? SignatoryName { get; set; }
        public string? SignatoryPosition { get; set; }
        public string? SignatoryNip { get; set; }
        public int LateAfterMinutes { get; set; } = Programme.DefaultLateAfterMinutes;
        public decimal OnlineMinPresentPercent { get; set; } = Programme.DefaultOnlineMinPresentPercent;
        public uint Version { get; set; }

        /// <summary>Confirms revoking the certificates this change makes untrue (reissued where still lulus), with the reason.</summary>
        public bool RevokeCertificates { get; set; }
        public string? Reason { get; set; }

        public static InputModel From(ProgrammeItem p) => new()
        {
            Code = p.Code,
            Name = p.Name,
            Year = p.Year,
            MinAttendancePercent = p.MinAttendancePercent,
            PassingScore = p.PassingScore,
            HighPerformanceScore = p.HighPerformanceScore,
            TargetUpgraded = p.TargetUpgraded,
            TargetHighPerforming = p.TargetHighPerforming,
            Version = p.Version,
            SignatoryName = p.SignatoryName,
            SignatoryPosition = p.SignatoryPosition,
            SignatoryNip = p.SignatoryNip is null ? null : Nip.Format(p.SignatoryNip),
            LateAfterMinutes = p.LateAfterMinutes,
            OnlineMinPresentPercent = p.OnlineMinPresentPercent,
        };
    }

    /// <summary>The revoke step shows once a save was refused for the certificates it would make untrue, or was confirmed.</summary>
    public bool OffersRevocation => !IsNew && (Input.RevokeCertificates
        || (ModelState.TryGetValue("Input.RevokeCertificates", out var e) && e.Errors.Count > 0)
        || (ModelState.TryGetValue("Input.Reason", out var r) && r.Errors.Count > 0));

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        IsNew = id is null;
        if (id is null)
        {
            var year = time.GetUtcNow().Year;
            Input = new InputModel { Year = year, Code = $"PKAK3-{year}", Name = $"Peningkatan Kompetensi Ahli K3 Tahun {year}" };
            return Page();
        }
        var item = await programmes.GetAsync(id.Value, ct);
        if (item is null)
        {
            return NotFound();
        }
        Input = InputModel.From(item);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        IsNew = id is null;
        var input = new ProgrammeInput(Input.Code ?? "", Input.Name ?? "", Input.Year, Input.MinAttendancePercent, Input.PassingScore,
            Input.HighPerformanceScore, Input.TargetUpgraded, Input.TargetHighPerforming, null,
            Input.SignatoryName, Input.SignatoryPosition, Input.SignatoryNip, Input.LateAfterMinutes, Input.OnlineMinPresentPercent);
        var result = id is null
            ? await programmes.CreateAsync(input, User.ToActor(), ct)
            : await programmes.UpdateAsync(id.Value, input, Input.Version, User.ToActor(), ct,
                new CertificateRevocation(Input.RevokeCertificates, Input.Reason));
        if (result.Succeeded)
        {
            TempData["Message"] = $"Kegiatan {result.Value!.Code} disimpan.";
            return RedirectToPage("Details", new { id = result.Value.Id });
        }
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        if (result.Failure == Failure.Stale && await programmes.GetAsync(id!.Value, ct) is { } current)
        {
            ModelState.Clear();
            Input = InputModel.From(current);
        }
        ModelState.AddErrors(result);
        return Page();
    }
}
