using System.Globalization;
using K3Competency.Application;
using K3Competency.Application.Auditing;
using K3Competency.Application.Exports;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace K3Competency.Web.Pages.Admin;

/// <summary>
/// The audit trail as a person reads it: newest first, Indonesian action names, the actor's name and role, a link to the
/// data, before/after as a field list; filtered by days (WIB), actor, kind of data and action, and downloadable as XLSX/CSV.
/// </summary>
public sealed class AuditModel(AuditTrail trail) : PageModel
{
    public const int PageSize = 50;
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true, Name = "actor")]
    public string? ActorName { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditLine> Entries { get; private set; } = [];
    public IReadOnlyList<AuditChoice> EntityTypes { get; private set; } = [];
    public IReadOnlyList<AuditChoice> Actions { get; private set; } = [];
    public bool HasMore { get; private set; }

    /// <summary>The current filter as route values, for the pager and the download links.</summary>
    public Dictionary<string, string?> FilterRoute => new()
    {
        ["Entity"] = Entity, ["EntityId"] = EntityId, ["actor"] = ActorName, ["action"] = ActionCode, ["From"] = From, ["To"] = To,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var filter = Filter();
        if (filter is null)
        {
            return Page();
        }
        var page = await trail.PageAsync(filter, User.ToActor(), ct);
        if (this.Refusal(page) is { } refused)
        {
            return refused;
        }
        if (!page.Succeeded)
        {
            ModelState.AddErrors(page, "", new Dictionary<string, string> { ["to"] = "To", ["from"] = "From" });
            return Page();
        }
        (Entries, HasMore, EntityTypes, Actions) = (page.Value!.Entries, page.Value.HasMore, page.Value.EntityTypes, page.Value.Actions);
        return Page();
    }

    /// <summary>Every entry of the filter as a file, streamed: ?handler=Export&amp;format=xlsx|csv.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (!ExportFiles.IsKnown(format))
        {
            return BadRequest();
        }
        var filter = Filter();
        if (filter is null)
        {
            return await OnGetAsync(ct);
        }
        var table = trail.Export(filter, User.ToActor(), ExportFiles.IsCsv(format), ct);
        if (this.Refusal(table) is { } refused)
        {
            return refused;
        }
        if (!table.Succeeded)
        {
            return await OnGetAsync(ct);
        }
        Response.ContentType = table.Value!.ContentType;
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = table.Value.FileName }.ToString();
        Response.Headers.CacheControl = "no-store";
        await ExportFiles.WriteAsync(table.Value, Response.Body, ct);
        return new EmptyResult();
    }

    /// <summary>The page of the data an entry is about, when there is one to open.</summary>
    public string? LinkOf(AuditLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.EntityId is not { } id)
        {
            return null;
        }
        return line.EntityType switch
        {
            "Registration" => Url.Page("/Registrations/Edit", new { id }),
            "Participant" => Url.Page("/Participants/Details", new { id }),
            "Batch" => Url.Page("/Batches/Details", new { id }),
            "Programme" => Url.Page("/Programmes/Details", new { id }),
            "Institution" => Url.Page("/Institutions/Edit", new { id }),
            "User" => Url.Page("/Admin/Users/Edit", new { id }),
            // An import (and its undo) opens on the list of the rows it inserted and updated, each leading to its registration.
            "Upload" => Url.Page("/Uploads/Changes", new { id }),
            _ => null,
        };
    }

    /// <summary>The filter, or null (with the errors beside the fields) when a date cannot be read.</summary>
    private AuditFilter? Filter()
    {
        var from = ParseDate(From, nameof(From));
        var to = ParseDate(To, nameof(To));
        return ModelState.IsValid ? new AuditFilter(Entity, ActorName, ActionCode, from, to, EntityId, PageNumber, PageSize) : null;
    }

    private DateOnly? ParseDate(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        ModelState.AddModelError(key, $"Tanggal \"{text}\" tidak dapat dibaca; tulis misalnya 16/11/2023.");
        return null;
    }
}
