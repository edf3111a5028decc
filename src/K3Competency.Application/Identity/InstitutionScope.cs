using K3Competency.Domain;
using K3Competency.Domain.Entities;

namespace K3Competency.Application.Identity;

/// <summary>
/// The one place that narrows queries to what an InstitutionAdmin may see (DESIGN §2): the batches its
/// institution is a partner of, and only the registrations assigned to its institution. Every query that
/// serves an InstitutionAdmin goes through these.
/// </summary>
public static class InstitutionScope
{
    public static IQueryable<Batch> VisibleTo(this IQueryable<Batch> batches, Actor actor) =>
        actor.IsInstitutionAdmin
            ? batches.Where(b => b.Partners.Any(p => p.InstitutionId == actor.InstitutionId))
            : batches;

    public static IQueryable<Registration> VisibleTo(this IQueryable<Registration> registrations, Actor actor) =>
        actor.IsInstitutionAdmin
            ? registrations.Where(r => r.InstitutionId == actor.InstitutionId
                                       && r.Batch!.Partners.Any(p => p.InstitutionId == actor.InstitutionId))
            : registrations;

    public static IQueryable<Upload> VisibleTo(this IQueryable<Upload> uploads, Actor actor) =>
        actor.IsInstitutionAdmin ? uploads.Where(u => u.InstitutionId == actor.InstitutionId) : uploads;

    /// <summary>True when the actor may work on this batch at all (partner institution, or staff/admin/director).</summary>
    public static bool MaySee(this Actor actor, Batch batch) =>
        !actor.IsInstitutionAdmin || batch.Partners.Any(p => p.InstitutionId == actor.InstitutionId);

    /// <summary>
    /// Batch status means something (issue 12): once a batch is finished, institution admins write nothing more into
    /// it; Staff and Admin still may, giving a reason for the audit. The refusal for the actor, or null.
    /// </summary>
    public static string? FinishedBatchRefusal(this Actor actor, BatchStatus status) =>
        status == BatchStatus.Finished && actor.IsInstitutionAdmin
            ? "Angkatan ini sudah selesai, sehingga admin lembaga tidak dapat lagi mengunggah atau mengubah datanya. Bila ada yang perlu dikoreksi, hubungi Staf Direktorat."
            : null;

    /// <summary>The message when Staff or Admin write into a finished batch without saying why.</summary>
    public const string FinishedBatchReasonRequired =
        "Angkatan ini sudah selesai; koreksi tetap dapat disimpan dengan menuliskan alasannya (kolom alasan), yang dicatat di jejak audit.";

    /// <summary>
    /// The whole finished-batch rule for one request, as every writer into a batch applies it (uploads, scores, attendance
    /// from the per-person page and the session grid): an institution admin is refused (Forbidden); Staff and Admin must give
    /// a reason when the request writes (<paramref name="writes"/>: false for a dry run or a read of the form). Null: go on.
    /// </summary>
    public static ServiceResult<T>? FinishedBatchFailure<T>(this Actor actor, BatchStatus status, string? reason, bool writes = true) =>
        actor.FinishedBatchRefusal(status) is { } refused ? ServiceResult<T>.Fail(Failure.Forbidden, "", refused)
        : status == BatchStatus.Finished && writes && string.IsNullOrWhiteSpace(reason) ? ServiceResult<T>.Fail(Failure.Validation, "reason", FinishedBatchReasonRequired)
        : null;
}
