using System.Text.Json;
using K3Competency.Application.Data;
using K3Competency.Application.Exports;
using K3Competency.Application.Identity;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Imports;

/// <summary>
/// The error report of an upload as CSV: one line per rejected row with its cells as uploaded, its row
/// number and every message for it. The template columns come first and the extra columns are ignored on
/// upload, so the user can fix the lines in place and upload the report itself.
/// </summary>
public sealed class ImportErrorReport(K3DbContext db)
{
    /// <summary>The upload, when the actor may see it: staff and admins any, an institution admin its own institution's.</summary>
    public async Task<Upload?> FindUploadAsync(long uploadId, Actor actor, CancellationToken ct = default)
    {
        // An institution admin without an institution would match the staff uploads (InstitutionId null).
        if (!actor.IsStaffOrAdmin && !(actor.IsInstitutionAdmin && actor.InstitutionId is not null))
        {
            return null;
        }
        return await db.Uploads.AsNoTracking().VisibleTo(actor).SingleOrDefaultAsync(u => u.Id == uploadId, ct);
    }

    /// <summary>Whether the upload exists at all, so that one the actor may not see answers 403, not 404.</summary>
    public Task<bool> ExistsAsync(long uploadId, CancellationToken ct = default) => db.Uploads.AnyAsync(u => u.Id == uploadId, ct);

    /// <summary>kesalahan-pendaftaran-42.csv (or .xlsx)</summary>
    public static string FileName(Upload upload, bool xlsx = false) =>
        $"kesalahan-{ImportTemplates.KindName(upload.Kind)}-{upload.Id}.{(xlsx ? "xlsx" : "csv")}";

    /// <summary>
    /// The rejected rows as a list for <see cref="ExportFiles"/>: as XLSX its NIK column is Text, so opening the report in
    /// Excel does not damage the NIKs that were just reported, and the fixed sheet can be uploaded as it is.
    /// </summary>
    public static ExportTable Table(Upload upload, bool xlsx = false)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var columns = ImportKind.For(upload.Kind).Columns;
        var errors = JsonSerializer.Deserialize<List<StoredImportError>>(upload.Errors, ImportService.Json) ?? [];
        var rows = errors.Where(e => e.Row > 0).GroupBy(e => e.Row).OrderBy(g => g.Key).Select(row =>
        {
            var cells = row.FirstOrDefault(e => e.Cells is not null)?.Cells ?? [];
            var messages = string.Join("; ", row.Select(e => $"{e.Column}: {e.Message}"));
            return (object?[])[.. columns.Select(c => (object?)cells.GetValueOrDefault(c.Name)), row.Key, messages];
        });
        var stem = FileName(upload)[..^".csv".Length];
        return new ExportTable(stem, "Kesalahan", [.. columns.Select(c => c.Name), "baris", "kesalahan"], rows.ToAsyncEnumerable()) { Csv = !xlsx };
    }

    public static Task WriteCsvAsync(Upload upload, Stream output, CancellationToken ct = default) =>
        ExportFiles.WriteCsvAsync(Table(upload), output, ct);
}
