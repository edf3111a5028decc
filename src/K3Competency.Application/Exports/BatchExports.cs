using System.Runtime.CompilerServices;
using K3Competency.Application.Batches;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Exports;

/// <summary>The lists of a batch that can be downloaded (DESIGN §12: /batches/{id}/export/{list}).</summary>
public enum ExportList { Participants, Attendance, Results, Certificates }

/// <summary>
/// One list as rows for a file: the header, then the rows read one at a time from the database. The NIK column is
/// named <see cref="BatchExports.NikColumn"/> so the writers can format it as Text.
/// </summary>
public sealed record ExportTable(string FileStem, string SheetName, IReadOnlyList<string> Columns, IAsyncEnumerable<object?[]> Rows)
{
    /// <summary>CSV rather than XLSX (the default).</summary>
    public bool Csv { get; init; }

    public string FileName => FileStem + (Csv ? ".csv" : ".xlsx");

    public string ContentType => Csv ? ExportFiles.CsvContentType : ExportFiles.XlsxContentType;
}

/// <summary>
/// The lists of a batch as the actor may see them: an institution admin gets only its own institution's
/// registrations (<see cref="InstitutionScope"/>), and the NIK is whole only for Staff and Admin
/// (<see cref="Actor.NikAsSeen"/>). Participants and results use the column names of the import files (DESIGN §6),
/// so a corrected export can be uploaded again.
/// </summary>
public sealed class BatchExports(K3DbContext db, BatchService batches, ParticipantQueries participants)
{
    public const string NikColumn = "nik";

    public static bool TryParseList(string? list, out ExportList value)
    {
        ExportList? found = list?.Trim().ToUpperInvariant() switch
        {
            "PARTICIPANTS" => ExportList.Participants,
            "ATTENDANCE" => ExportList.Attendance,
            "RESULTS" => ExportList.Results,
            "CERTIFICATES" => ExportList.Certificates,
            _ => null,
        };
        value = found.GetValueOrDefault();
        return found is not null;
    }

    /// <summary>The list, when the actor may see the batch; <paramref name="format"/> is xlsx (the default) or csv.</summary>
    public async Task<ServiceResult<ExportTable>> PrepareAsync(int batchId, string? list, string? format, Actor actor, CancellationToken ct)
    {
        if (!ExportFiles.IsKnown(format))
        {
            return ServiceResult<ExportTable>.Fail(Failure.Validation, "format", "Format berkas harus xlsx atau csv.");
        }
        if (!TryParseList(list, out var kind))
        {
            return ServiceResult<ExportTable>.Fail(Failure.NotFound, "list",
                $"Daftar \"{list}\" tidak dikenal; pilih participants, attendance, results atau certificates.");
        }
        var found = await batches.FindAsync(batchId, actor, ct);
        if (!found.Succeeded)
        {
            return found.As<ExportTable>();
        }
        var batch = found.Value!;
        var stem = $"{batch.ProgrammeCode}-angkatan-{batch.Number:D2}";
        var table = kind switch
        {
            ExportList.Participants => new ExportTable($"peserta-{stem}", "Peserta", ParticipantColumns, ParticipantRowsAsync(batchId, actor, ct)),
            ExportList.Attendance => new ExportTable($"kehadiran-{stem}", "Kehadiran", AttendanceColumns, AttendanceRowsAsync(batchId, actor, ct)),
            ExportList.Results => new ExportTable($"nilai-{stem}", "Nilai", ResultColumns, ResultRowsAsync(batchId, actor, ct)),
            _ => new ExportTable($"sertifikat-{stem}", "Sertifikat", CertificateColumns, CertificateRowsAsync(batchId, actor, ct)),
        };
        return ServiceResult<ExportTable>.Ok(table with { Csv = ExportFiles.IsCsv(format) });
    }

    private static readonly string[] ParticipantColumns =
    [
        NikColumn, "nama", "email", "no_hp", "jenis_kelamin", "provinsi", "instansi", "kategori", "bidang_keahlian", "nomor_lisensi", "mode",
        "lembaga", "terdaftar", "dibatalkan",
    ];

    private async IAsyncEnumerable<object?[]> ParticipantRowsAsync(int batchId, Actor actor, [EnumeratorCancellation] CancellationToken ct)
    {
        var rows = db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.BatchId == batchId)
            .OrderBy(r => r.Participant!.FullName).ThenBy(r => r.Id)
            .Select(r => new
            {
                r.Participant!.Nik, r.Participant.FullName, r.Participant.Email, r.Participant.Phone, r.Participant.Gender, r.Participant.ProvinceCode,
                r.Participant.Employer, r.Category, r.ExpertiseField, r.LicenseNumber, r.AttendanceMode,
                Institution = r.Institution != null ? r.Institution.Code : null, r.RegisteredAt, r.CancelledAt,
            });
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                actor.NikAsSeen(r.Nik), r.FullName, r.Email, r.Phone, r.Gender.ToCode(), Provinces.NameOf(r.ProvinceCode), r.Employer,
                r.Category.ToCode(), r.ExpertiseField, r.LicenseNumber, r.AttendanceMode.ToCode(), r.Institution, Formats.InWib(r.RegisteredAt),
                r.CancelledAt is { } cancelled ? Formats.InWib(cancelled) : null,
            ];
        }
    }

    private static readonly string[] AttendanceColumns = [NikColumn, "nama", "lembaga", "sesi", "tanggal", "status", "waktu", "mode", "sumber"];

    /// <summary>One row per registration and session, in the columns of the attendance file; a session without a record has no status.</summary>
    private async IAsyncEnumerable<object?[]> AttendanceRowsAsync(int batchId, Actor actor, [EnumeratorCancellation] CancellationToken ct)
    {
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.BatchId == batchId).OrderBy(s => s.Number)
            .Select(s => new { s.Id, s.Number, s.Date }).ToListAsync(ct);
        var rows = db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.BatchId == batchId)
            .OrderBy(r => r.Participant!.FullName).ThenBy(r => r.Id)
            .Select(r => new
            {
                r.Participant!.Nik, r.Participant.FullName, Institution = r.Institution != null ? r.Institution.Code : null,
                Attendances = r.Attendances.Select(a => new { a.SessionId, a.Status, a.CheckInAt, a.Mode, a.Source }).ToList(),
            });
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var nik = actor.NikAsSeen(r.Nik);
            foreach (var s in sessions)
            {
                var a = r.Attendances.FirstOrDefault(x => x.SessionId == s.Id);
                yield return
                [
                    nik, r.FullName, r.Institution, s.Number, s.Date.ToDateTime(TimeOnly.MinValue), a?.Status.ToCode(),
                    a?.CheckInAt is { } at ? Formats.InWib(at) : null, a?.Mode?.ToCode(), a?.Source.ToCode(),
                ];
            }
        }
    }

    private static readonly string[] ResultColumns =
    [
        NikColumn, "nama", "lembaga", "kategori", "nilai_pre_test", "nilai_post_test", "hadir", "sesi", "kehadiran_persen", "selesai",
        "berkinerja_tinggi", "keterangan", "sertifikat",
    ];

    private async IAsyncEnumerable<object?[]> ResultRowsAsync(int batchId, Actor actor, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var (nik, r) in participants.StreamBatchRegistrationsAsync(batchId, actor, ct))
        {
            yield return
            [
                nik, r.FullName, r.InstitutionCode, r.Category, r.PreTest, r.PostTest, r.Present, r.Sessions, r.AttendancePercent,
                r.Completed ? "Ya" : "Tidak", r.HighPerforming ? "Ya" : "Tidak", r.Reason, string.Join(", ", r.Certificates),
            ];
        }
    }

    private static readonly string[] CertificateColumns =
        ["nomor", NikColumn, "nama", "lembaga", "diterbitkan", "status", "dicabut", "alasan_pencabutan"];

    private async IAsyncEnumerable<object?[]> CertificateRowsAsync(int batchId, Actor actor, [EnumeratorCancellation] CancellationToken ct)
    {
        var visible = db.Registrations.AsNoTracking().VisibleTo(actor);
        var rows = db.Certificates.AsNoTracking().Where(c => c.BatchId == batchId && visible.Any(r => r.Id == c.RegistrationId))
            .OrderBy(c => c.Sequence)
            .Select(c => new
            {
                c.Number, c.Registration!.Participant!.Nik, c.Registration.Participant.FullName,
                Institution = c.Registration.Institution != null ? c.Registration.Institution.Code : null,
                c.IssuedAt, c.RevokedAt, c.RevocationReason,
            });
        await foreach (var c in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                c.Number, actor.NikAsSeen(c.Nik), c.FullName, c.Institution, Formats.InWib(c.IssuedAt), c.RevokedAt is null ? "Berlaku" : "Dicabut",
                c.RevokedAt is { } at ? Formats.InWib(at) : null, c.RevocationReason,
            ];
        }
    }
}
