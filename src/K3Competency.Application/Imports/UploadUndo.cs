using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace K3Competency.Application.Imports;

/// <summary>What an undo did: rows the upload inserted and are now gone, rows it updated and are now as before.</summary>
public sealed record UndoReport(long UploadId, int Removed, int Restored);

/// <summary>
/// Undoes a committed import (issue 12) from what its merge recorded (upload_change_rows: the updated rows of
/// upload_changes, the inserted ones of upload_inserts), in one transaction: inserted
/// rows deleted, updated rows set back to their before-values. Refused, with the list, while anything rests on those
/// rows: a row written since (its xmin is no longer the one the upload left), a certificate on an affected
/// registration, a registration or attendance added since to a row the upload inserted.
/// </summary>
public sealed class UploadUndo(K3DbContext db, TimeProvider time, ILogger<UploadUndo> logger)
{
    /// <summary>The columns each kind's merge writes, recorded as before-values and restored by the undo.</summary>
    internal static readonly IReadOnlyList<string> ParticipantColumns =
        ["full_name", "email", "phone", "gender", "birth_date", "province_code", "employer", "updated_at"];
    internal static readonly IReadOnlyList<string> RegistrationColumns =
        ["category", "expertise_field", "license_number", "attendance_mode", "institution_id", "updated_at"];
    internal static readonly IReadOnlyList<string> ScoreColumns = ["pre_test_score", "post_test_score", "updated_at"];
    internal static readonly IReadOnlyList<string> AttendanceColumns = ["status", "check_in_at", "mode", "source", "updated_at"];

    private const int MaxListed = 20;

    public async Task<ServiceResult<UndoReport>> UndoAsync(long uploadId, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<UndoReport>.Fail(Failure.Forbidden, "Hanya Staf Direktorat dan Administrator yang dapat mengurungkan unggahan.");
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The lock serialises two undos of the same upload; the row locks below hold off writers of its rows.
            var upload = await db.Uploads.FromSqlInterpolated($"SELECT * FROM uploads WHERE id = {uploadId} FOR UPDATE").SingleOrDefaultAsync(ct);
            if (upload is null)
            {
                return ServiceResult<UndoReport>.Fail(Failure.NotFound, $"Unggahan {uploadId} tidak ditemukan.");
            }
            if (Refusal(upload) is { } refusal)
            {
                return ServiceResult<UndoReport>.Fail(Failure.Conflict, refusal);
            }
            await ExecuteAsync(connection, LockSql, uploadId, ct);
            var dependencies = await DependenciesAsync(connection, uploadId, ct);
            if (dependencies.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                return new ServiceResult<UndoReport>(default, Failure.Conflict, new Dictionary<string, string[]>
                {
                    [""] = ["Unggahan ini tidak dapat diurungkan karena data berikut sudah bergantung padanya. Selesaikan itu lebih dulu."],
                    ["dependencies"] = [.. dependencies],
                });
            }

            var (removed, restored) = await RevertAsync(connection, uploadId, ct);
            var now = time.GetUtcNow().UtcDateTime;
            upload.UndoneAt = now;
            upload.UndoneBy = actor.UserId;
            Audit.Add(db, actor, "undo-import", nameof(Upload), upload.Id, before: null,
                after: new { kind = upload.Kind.ToCode(), batchId = upload.BatchId, uploadId = upload.Id, removed, restored }, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Upload {UploadId} undone by {UserId}: {Removed} removed, {Restored} restored", upload.Id, actor.UserId, removed, restored);
            return ServiceResult<UndoReport>.Ok(new UndoReport(upload.Id, removed, restored));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Why this upload cannot be undone whatever its rows say, or null.</summary>
    internal static string? Refusal(Upload upload) =>
        upload.UndoneAt is not null ? "Unggahan ini sudah diurungkan."
        : upload.DryRun || !upload.Committed ? "Unggahan ini tidak menyimpan data, jadi tidak ada yang diurungkan."
        : !upload.ChangesRecorded ? "Unggahan ini dibuat sebelum perubahan per baris dicatat, sehingga tidak dapat diurungkan otomatis; perbaiki datanya lewat halaman koreksi."
        : null;

    private const string LockSql = """
        SELECT 1 FROM attendances t JOIN upload_change_rows c ON c.table_name = 'attendances' AND c.row_id = t.id WHERE c.upload_id = @upload FOR UPDATE OF t;
        SELECT 1 FROM registrations t JOIN upload_change_rows c ON c.table_name = 'registrations' AND c.row_id = t.id WHERE c.upload_id = @upload FOR UPDATE OF t;
        SELECT 1 FROM participants t JOIN upload_change_rows c ON c.table_name = 'participants' AND c.row_id = t.id WHERE c.upload_id = @upload FOR UPDATE OF t;
        """;

    /// <summary>What rests on the upload's rows, one line each (at most <see cref="MaxListed"/>, then how many more).</summary>
    private static async Task<List<string>> DependenciesAsync(NpgsqlConnection connection, long uploadId, CancellationToken ct)
    {
        // Each line: participant's name, NIK, then what depends; the NIK is masked as on every list.
        const string Sql = """
            WITH c AS (SELECT * FROM upload_change_rows WHERE upload_id = @upload),
            -- A later upload can only have updated a row that this one wrote, and updates are in upload_changes.
            changed AS (
                SELECT c.table_name, c.row_id,
                       (SELECT max(l.upload_id) FROM upload_changes l WHERE l.table_name = c.table_name AND l.row_id = c.row_id AND l.upload_id > c.upload_id) AS later
                FROM c
                LEFT JOIN participants p ON c.table_name = 'participants' AND p.id = c.row_id
                LEFT JOIN registrations r ON c.table_name = 'registrations' AND r.id = c.row_id
                LEFT JOIN attendances a ON c.table_name = 'attendances' AND a.id = c.row_id
                -- Empty before-values: a row written by another transaction during the import (ImportKind.Recorded).
                WHERE COALESCE(p.xmin, r.xmin, a.xmin) IS NULL OR NOT COALESCE(p.xmin, r.xmin, a.xmin) = c.after_xmin
                   OR c.before = '{}'::jsonb),
            affected AS (
                SELECT c.row_id AS registration_id FROM c WHERE c.table_name = 'registrations'
                UNION SELECT a.registration_id FROM c JOIN attendances a ON c.table_name = 'attendances' AND a.id = c.row_id
                UNION SELECT r.id FROM c JOIN registrations r ON c.table_name = 'participants' AND r.participant_id = c.row_id)
            SELECT 1 AS ord, p.full_name, p.nik, changed.table_name, changed.later, NULL::text AS detail
            FROM changed
            LEFT JOIN attendances a ON changed.table_name = 'attendances' AND a.id = changed.row_id
            LEFT JOIN registrations r ON r.id = CASE changed.table_name WHEN 'registrations' THEN changed.row_id WHEN 'attendances' THEN a.registration_id END
            LEFT JOIN participants p ON p.id = CASE changed.table_name WHEN 'participants' THEN changed.row_id ELSE r.participant_id END
            UNION ALL
            SELECT 2, p.full_name, p.nik, 'certificates', NULL, ce.number
            FROM affected JOIN certificates ce ON ce.registration_id = affected.registration_id
            JOIN registrations r ON r.id = ce.registration_id JOIN participants p ON p.id = r.participant_id
            UNION ALL
            SELECT 3, p.full_name, p.nik, 'attendances', NULL, ss.number::text
            FROM c JOIN attendances a ON c.table_name = 'registrations' AND c.before IS NULL AND a.registration_id = c.row_id
            JOIN sessions ss ON ss.id = a.session_id
            JOIN registrations r ON r.id = a.registration_id JOIN participants p ON p.id = r.participant_id
            UNION ALL
            SELECT 4, p.full_name, p.nik, 'registrations', NULL, pr.code || ' · ke-' || b.number
            FROM c JOIN participants p ON c.table_name = 'participants' AND c.before IS NULL AND p.id = c.row_id
            JOIN registrations r ON r.participant_id = p.id
            JOIN batches b ON b.id = r.batch_id JOIN programmes pr ON pr.id = b.programme_id
            WHERE NOT EXISTS (SELECT 1 FROM c x WHERE x.table_name = 'registrations' AND x.before IS NULL AND x.row_id = r.id)
            ORDER BY 1, 2
            """;
        var lines = new List<string>();
        var total = 0;
        await using var command = Command(connection, Sql, uploadId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            total++;
            if (lines.Count == MaxListed)
            {
                continue;
            }
            var who = reader.IsDBNull(1) ? "Data yang sudah dihapus" : $"{reader.GetString(1)} (NIK {Nik.Mask(reader.GetString(2))})";
            var table = reader.GetString(3);
            var detail = reader.IsDBNull(5) ? null : reader.GetString(5);
            lines.Add(reader.GetInt32(0) switch
            {
                1 => $"{who}: {What(table)} sudah diubah setelah unggahan ini" +
                     (reader.IsDBNull(4) ? "." : $" oleh unggahan #{reader.GetInt64(4)}; urungkan unggahan itu lebih dulu."),
                2 => $"{who}: sertifikat {detail} bersandar pada data ini; cabut sertifikatnya lebih dulu bila data ini memang salah.",
                3 => $"{who}: kehadiran sesi {detail} sudah dicatat untuk pendaftaran dari unggahan ini.",
                _ => $"{who}: peserta ini juga terdaftar di angkatan {detail}.",
            });
        }
        if (total > lines.Count)
        {
            lines.Add($"… dan {(total - lines.Count).ToString("N0", Formats.Culture)} lainnya.");
        }
        return lines;
    }

    private static string What(string table) => table switch
    {
        "participants" => "data peserta",
        "registrations" => "data pendaftaran",
        _ => "data kehadiran",
    };

    /// <summary>
    /// Deletes the inserted rows and restores the updated ones, children first. A restored row gets a new xmin, so an
    /// earlier upload that had left the row in exactly that state is told the new xmin: it stays undoable. When that
    /// upload inserted the row, the row leaves its statement's array (whose one xmin no longer holds for it) for a row
    /// of its own in upload_changes, with no before-values and the new xmin.
    /// </summary>
    private static async Task<(int Removed, int Restored)> RevertAsync(NpgsqlConnection connection, long uploadId, CancellationToken ct)
    {
        var restored = 0;
        var removed = 0;
        foreach (var (table, columns) in new[]
                 {
                     ("attendances", AttendanceColumns),
                     ("registrations", RegistrationColumns.Concat(ScoreColumns).Distinct().ToList()),
                     ("participants", ParticipantColumns),
                 })
        {
            var set = string.Join(", ", columns.Select(c => $"{c} = CASE WHEN c.before ? '{c}' THEN b.{c} ELSE t.{c} END"));
            var sql = $"""
                WITH restored AS (
                    UPDATE {table} t SET {set}
                    FROM upload_changes c, jsonb_populate_record(NULL::{table}, c.before) b
                    WHERE c.upload_id = @upload AND c.table_name = '{table}' AND c.before IS NOT NULL AND t.id = c.row_id
                    RETURNING t.id, t.xmin, c.before_xmin),
                chained AS (
                    UPDATE upload_changes o SET after_xmin = restored.xmin
                    FROM restored
                    WHERE o.table_name = '{table}' AND o.row_id = restored.id AND o.upload_id <> @upload AND o.after_xmin = restored.before_xmin),
                moved AS (
                    SELECT i.upload_id, r.row_id, restored.xmin
                    FROM upload_inserts i CROSS JOIN LATERAL unnest(i.row_ids) AS r(row_id)
                    JOIN restored ON restored.id = r.row_id AND restored.before_xmin = i.after_xmin
                    WHERE i.table_name = '{table}' AND i.upload_id <> @upload
                      AND i.after_xmin IN (SELECT before_xmin FROM restored)),
                taken AS (
                    UPDATE upload_inserts i
                    SET row_ids = ARRAY(SELECT x FROM unnest(i.row_ids) AS x
                                        EXCEPT SELECT m.row_id FROM moved m WHERE m.upload_id = i.upload_id ORDER BY 1)
                    WHERE i.table_name = '{table}' AND i.upload_id IN (SELECT upload_id FROM moved)),
                kept AS (
                    INSERT INTO upload_changes (upload_id, table_name, row_id, before, before_xmin, after_xmin)
                    SELECT upload_id, '{table}', row_id, NULL, NULL, xmin FROM moved)
                SELECT count(*) FROM restored;
                DELETE FROM {table} t USING upload_change_rows c
                WHERE c.upload_id = @upload AND c.table_name = '{table}' AND c.before IS NULL AND t.id = c.row_id;
                """;
            await using var command = Command(connection, sql, uploadId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            restored += (int)reader.GetInt64(0);
            await reader.NextResultAsync(ct);
            removed += reader.RecordsAffected;
        }
        return (removed, restored);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, long uploadId, CancellationToken ct)
    {
        await using var command = Command(connection, sql, uploadId);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, long uploadId)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<long>("upload", uploadId));
        return command;
    }
}
