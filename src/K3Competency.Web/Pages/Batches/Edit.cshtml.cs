using System.Globalization;
using K3Competency.Application;
using K3Competency.Application.Batches;
using K3Competency.Application.Institutions;
using K3Competency.Application.Programmes;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Batches;

/// <summary>
/// Create (?programmeId=) or edit a batch with its sessions and partner institutions. Works without
/// JavaScript: the form always offers a few empty session rows to fill.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class EditModel(BatchService batches, ProgrammeService programmes, InstitutionService institutions) : PageModel
{
    private const int SpareSessionRows = 3;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }
    public ProgrammeItem Programme { get; private set; } = null!;
    public IReadOnlyList<InstitutionItem> Institutions { get; private set; } = [];

    public sealed class InputModel
    {
        public int Number { get; set; } = 1;
        public DateOnly StartDate { get; set; }
        public DateOnly EndDate { get; set; }
        public string Mode { get; set; } = BatchMode.Luring.ToCode();
        public string? Venue { get; set; }
        public int? Capacity { get; set; }
        public string Status { get; set; } = BatchStatus.Planned.ToCode();
        public List<string> InstitutionCodes { get; set; } = [];
        public List<SessionRow> Sessions { get; set; } = [];
        public uint Version { get; set; }

        /// <summary>Confirms revoking the certificates this change makes untrue (reissued where still lulus), with the reason.</summary>
        public bool RevokeCertificates { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class SessionRow
    {
        public int? Number { get; set; }
        public DateOnly? Date { get; set; }
        /// <summary>"08:00" as the time input sends it; bound as text because id-ID writes times with a dot.</summary>
        public string? Start { get; set; }
        public string? End { get; set; }
        public string? Title { get; set; }
    }

    /// <summary>The revoke step shows once a save was refused for the certificates it would make untrue, or was confirmed.</summary>
    public bool OffersRevocation => !IsNew && (Input.RevokeCertificates
        || (ModelState.TryGetValue("Input.RevokeCertificates", out var e) && e.Errors.Count > 0)
        || (ModelState.TryGetValue("Input.Reason", out var r) && r.Errors.Count > 0));

    public async Task<IActionResult> OnGetAsync(int? id, int? programmeId, CancellationToken ct)
    {
        IsNew = id is null;
        if (id is null)
        {
            if (programmeId is null || await programmes.GetAsync(programmeId.Value, ct) is not { } programme)
            {
                return NotFound();
            }
            Programme = programme;
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            Input = new InputModel { Number = programme.BatchCount + 1, StartDate = today, EndDate = today };
        }
        else
        {
            var batch = await batches.GetAsync(id.Value, User.ToActor(), ct);
            if (batch is null)
            {
                return NotFound();
            }
            Programme = (await programmes.GetAsync(batch.ProgrammeId, ct))!;
            Input = From(batch);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, int? programmeId, CancellationToken ct)
    {
        IsNew = id is null;
        var input = new BatchInput(Input.Number, Input.StartDate, Input.EndDate, Input.Mode ?? "", Input.Venue, Input.Capacity, Input.Status,
            Input.InstitutionCodes ?? [],
            [.. (Input.Sessions ?? []).Where(s => s.Number is not null || s.Date is not null || !string.IsNullOrWhiteSpace(s.Title))
                .Select(s => new SessionInput(s.Number ?? 0, s.Date ?? default, s.Title, Time(s.Start), Time(s.End)))]);
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(id, programmeId, ct);
        }
        var result = id is null
            ? await batches.CreateAsync(programmeId ?? 0, input, User.ToActor(), ct)
            : await batches.UpdateAsync(id.Value, input, Input.Version, User.ToActor(), ct,
                new CertificateRevocation(Input.RevokeCertificates, Input.Reason));
        if (result.Succeeded)
        {
            TempData["Message"] = $"Angkatan ke-{result.Value!.Number} disimpan.";
            return RedirectToPage("Details", new { id = result.Value.Id });
        }
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        if (result.Failure == Failure.Stale && await batches.GetAsync(id!.Value, User.ToActor(), ct) is { } current)
        {
            ModelState.Clear();
            Input = From(current);
        }
        ModelState.AddErrors(result);
        return await RedisplayAsync(id, programmeId, ct);
    }

    private async Task<IActionResult> RedisplayAsync(int? id, int? programmeId, CancellationToken ct)
    {
        var programmeKey = id is null ? programmeId ?? 0 : (await batches.GetAsync(id.Value, User.ToActor(), ct))?.ProgrammeId ?? 0;
        // A form posted for a batch or programme that is not there (or not the caller's) has no page to show again.
        if (await programmes.GetAsync(programmeKey, ct) is not { } programme)
        {
            return NotFound();
        }
        Programme = programme;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Institutions = await institutions.ListAsync(ct);
        while (Input.Sessions.Count(s => s.Number is null && s.Date is null) < SpareSessionRows)
        {
            Input.Sessions.Add(new SessionRow());
        }
    }

    public static string Hhmm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Blank is the default (08:00 or 16:00); anything else must read as HH:mm.</summary>
    private TimeOnly? Time(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm", "HH:mm:ss", "HH.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }
        ModelState.AddModelError("Input.Sessions", $"Jam \"{text}\" tidak dapat dibaca; tulis jam WIB seperti 08:00.");
        return null;
    }

    private static InputModel From(BatchItem b) => new()
    {
        Number = b.Number, StartDate = b.StartDate, EndDate = b.EndDate, Mode = b.Mode, Venue = b.Venue, Capacity = b.Capacity, Status = b.Status,
        InstitutionCodes = [.. b.Partners.Select(p => p.Code)],
        Sessions = [.. b.Sessions.Select(s => new SessionRow { Number = s.Number, Date = s.Date, Start = Hhmm(s.Start), End = Hhmm(s.End), Title = s.Title })],
        Version = b.Version,
    };
}
