using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using K3Competency.Application.Auditing;
using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace K3Competency.Application.Imports;

/// <summary>
/// The bulk import of DESIGN §6, for registrations, attendance and results. In one transaction: the file is
/// streamed row by row, each row is checked on its own and written with its errors into a temporary staging
/// table by binary COPY; the checks that need other rows or stored data, the counts and the merge are then
/// set-based SQL over that table. Memory stays flat whatever the file size; a strict failure, a dry run or
/// a killed process leave nothing behind. Every import is kept as an Upload row.
/// </summary>
public sealed class ImportService(K3DbContext db, CertificateStanding standing, TimeProvider time, IOptions<ImportOptions> options,
    ILogger<ImportService> logger)
{

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ImportOptions _options = options.Value;

    /// <summary>
    /// Imports one file into one batch: the report (row errors included), or the refusal of the whole request:
    /// Forbidden (role or institution), NotFound (batch), TooLarge (over the limit, refused unread) or
    /// Unreadable (not a CSV/XLSX file with a header and data rows), Conflict (another upload of the batch kept it
    /// busy longer than <see cref="ImportOptions.BatchLockWaitSeconds"/>).
    /// </summary>
    public async Task<ServiceResult<ImportReport>> ImportAsync(ImportRequest request, Stream file, CancellationToken ct = default)
    {
        var authorized = await AuthorizeAsync(request, ct);
        if (!authorized.Succeeded)
        {
            return authorized.As<ImportReport>();
        }
        var maxBytes = request.MaxBytes ?? _options.MaxFileBytes;
        if (request.DeclaredLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }
        try
        {
            return ServiceResult<ImportReport>.Ok(await RunAsync(request, authorized.Value!, maxBytes, file, ct));
        }
        catch (ImportFileException e)
        {
            return ServiceResult<ImportReport>.Fail(e.Failure, e.Message);
        }
    }

    /// <summary>The refusal of a file over <paramref name="maxBytes"/>, for callers that see its length first.</summary>
    public static ServiceResult<ImportReport> TooLarge(long maxBytes) =>
        ServiceResult<ImportReport>.Fail(Failure.TooLarge, ImportFileException.TooLargeMessage(maxBytes));

    private async Task<ImportReport> RunAsync(ImportRequest request, BatchInfo batch, long maxBytes, Stream file, CancellationToken ct)
    {
        var kind = ImportKind.For(request.Kind);

        await using var spool = await UploadSpool.CopyAsync(file, maxBytes, ct);
        if (request.ExpectedSha256 is { } expected && expected != spool.Sha256)
        {
            throw new ImportFileException("Berkas pratinjau tidak utuh lagi; pilih berkasnya lagi lalu pratinjau ulang.", Failure.Conflict);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var context = new ParseContext(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, Formats.Wib)), Formats.Wib)
        {
            Session = batch.Session,
            SessionIds = batch.Sessions.ToDictionary(s => s.Number, s => s.Id),
            SessionsHint = SessionsHint(batch.Sessions),
        };
        using var source = kind.Open(spool.File, request.FileName, _options, context, ct);

        var run = new Run(request, kind, batch, now);
        var upload = new Upload
        {
            Kind = request.Kind,
            BatchId = batch.Id,
            SessionId = batch.Session?.Id,
            InstitutionId = request.Actor.IsInstitutionAdmin ? request.Actor.InstitutionId : null,
            UploadedBy = request.Actor.UserId,
            FileName = FileNameOf(request.FileName),
            Sha256 = spool.Sha256,
            DryRun = request.DryRun,
            Partial = request.Partial,
            CreatedAt = now,
        };

        ImportReport report;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await ExecuteAsync(connection, StagingSql(kind), run, ct);
                var staged = await StageAsync(connection, kind, source, ct);
                if (staged == 0)
                {
                    throw new ImportFileException("Berkas tidak berisi baris data di bawah baris judul. Isi data mulai baris 2.");
                }
                var rows = source.RowsRead;
                // One import of a batch at a time from here on: the checks, counts and merge read and write what a
                // concurrent upload of the same batch would (DESIGN §6: counts true, no deadlock between two uploads).
                await LockBatchAsync(connection, run, ct);
                await ExecuteAsync(connection, CheckSql(kind), run, ct);
                var sql = new ImportSql(text => Command(connection, text, run));
                await kind.ResolveAsync(sql, source, ct);
                await CheckCertificatesAsync(connection, kind, run, ct);
                var (errors, rejected) = await ReadErrorsAsync(connection, kind, run, ct);

                // Strict mode writes nothing once any row is wrong, so it also counts nothing as written.
                var writes = request.Partial || rejected == 0;
                var (inserted, updated, unchanged) = (0, 0, 0);
                // A preview counts the valid rows even in strict mode with errors: what they would do once the rest is fixed.
                if (writes || request.DryRun)
                {
                    await CompleteAsync(connection, kind, run, ct);
                    (inserted, updated, unchanged) = await CountAsync(connection, kind, run, ct);
                    if (kind.Kind == UploadKind.Registrations && inserted > 0)
                    {
                        await CheckCapacityAsync(connection, run, inserted, ct);
                    }
                }
                var committed = writes && !request.DryRun;
                var details = await kind.SummarizeAsync(sql, source, writes, ct);
                report = new ImportReport(rows, inserted, updated, unchanged, rejected, committed,
                    [.. errors.Select(e => new ImportError(e.Row, e.Column, e.Value, e.Message))])
                {
                    DryRun = request.DryRun,
                    Details = details,
                };
                Fill(upload, report, errors);

                if (committed)
                {
                    // The upload row first: the merge records each row it changes under the upload's id.
                    upload.ChangesRecorded = true;
                    await RecordAsync(upload, request, report, spool, now, audit: true, ct);
                    run.UploadId = upload.Id;
                    await ExecuteAsync(connection, kind.MergeSql, run, ct);
                    await transaction.CommitAsync(ct);
                    if (kind.AnalyzedAfterLargeInsert is { } tables && inserted >= ImportKind.LargeInsert)
                    {
                        await AnalyzeAsync(connection, tables, run);
                    }
                }
                else
                {
                    await transaction.RollbackAsync(ct);
                }
            }
            if (!report.Committed && request.Record)
            {
                // After the rollback, in its own short transaction: a refused upload is history too.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await RecordAsync(upload, request, report, spool, now, audit: false, ct);
                if (request.DryRun && request.KeepForCommit)
                {
                    report = report with { SpoolId = await KeepAsync(connection, request, batch, upload, spool, now, ct) };
                }
                await transaction.CommitAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation(
            "Import {Kind} into batch {BatchId} by {UserId}: {Rows} rows, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected, dry run {DryRun}, committed {Committed}, upload {UploadId}",
            request.Kind, batch.Id, request.Actor.UserId, report.Rows, report.Inserted, report.Updated, report.Unchanged,
            report.Rejected, request.DryRun, report.Committed, upload.Id);
        return report with { UploadId = upload.Id };
    }

    /// <summary>
    /// "Impor" after a preview: commits the file the preview kept, without the user choosing it again. Only the
    /// uploader, for the batch and kind of the preview, within 30 minutes; the kept file is deleted once committed.
    /// </summary>
    public async Task<ServiceResult<ImportReport>> ImportSpooledAsync(Guid spoolId, ImportRequest request, CancellationToken ct = default)
    {
        // Its own connection: the kept bytes stream into the import's spool while the import uses the context's.
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        await DeleteExpiredAsync(connection, ct);
        await using (var command = new NpgsqlCommand("""
            SELECT file_name, sha256, content FROM upload_spools
            WHERE id = @id AND uploaded_by = @user AND batch_id = @batch AND kind = @kind AND expires_at > @now
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", spoolId));
            command.Parameters.Add(new NpgsqlParameter<string>("user", request.Actor.UserId));
            command.Parameters.Add(new NpgsqlParameter<int>("batch", request.BatchId));
            command.Parameters.Add(new NpgsqlParameter<string>("kind", request.Kind.ToCode()));
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", time.GetUtcNow().UtcDateTime) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            if (!await reader.ReadAsync(ct))
            {
                return ServiceResult<ImportReport>.Fail(Failure.Expired,
                    "Berkas pratinjau sudah tidak tersimpan (lebih dari 30 menit, sudah diimpor, atau milik pengguna lain). Pilih berkasnya lagi.");
            }
            var fileName = reader.GetString(0);
            var sha256 = reader.GetString(1);
            await using var content = reader.GetStream(2);
            var result = await ImportAsync(request with { FileName = fileName, DryRun = false, KeepForCommit = false, ExpectedSha256 = sha256 }, content, ct);
            if (!result.Succeeded || !result.Value!.Committed)
            {
                return result;
            }
            await reader.DisposeAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM upload_spools WHERE id = @id", connection);
            delete.Parameters.Add(new NpgsqlParameter<Guid>("id", spoolId));
            await delete.ExecuteNonQueryAsync(ct);
            return result;
        }
    }

    /// <summary>Keeps a previewed file for "Impor" (streamed from the spool), and drops every expired one.</summary>
    private async Task<Guid> KeepAsync(NpgsqlConnection connection, ImportRequest request, BatchInfo batch, Upload upload, UploadSpool spool, DateTime now, CancellationToken ct)
    {
        await DeleteExpiredAsync(connection, ct);
        var id = Guid.CreateVersion7();
        spool.File.Position = 0;
        await using var command = new NpgsqlCommand("""
            INSERT INTO upload_spools (id, uploaded_by, batch_id, kind, file_name, sha256, content, created_at, expires_at)
            VALUES (@id, @user, @batch, @kind, @name, @sha, @content, @now, @expires)
            """, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid>("id", id));
        p.Add(new NpgsqlParameter<string>("user", request.Actor.UserId));
        p.Add(new NpgsqlParameter<int>("batch", batch.Id));
        p.Add(new NpgsqlParameter<string>("kind", request.Kind.ToCode()));
        p.Add(new NpgsqlParameter<string>("name", upload.FileName));
        p.Add(new NpgsqlParameter<string>("sha", spool.Sha256));
        p.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = spool.File, Size = (int)spool.Length });
        p.Add(new NpgsqlParameter<DateTime>("now", now) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<DateTime>("expires", now + SpoolLifetime) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(ct);
        return id;
    }

    /// <summary>How long a previewed file waits for "Impor".</summary>
    public static readonly TimeSpan SpoolLifetime = TimeSpan.FromMinutes(30);

    // No timer: every preview and every commit from a preview sweeps, so any instance cleans up after all of them.
    private async Task DeleteExpiredAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("DELETE FROM upload_spools WHERE expires_at <= @now", connection);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", time.GetUtcNow().UtcDateTime) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<ServiceResult<BatchInfo>> AuthorizeAsync(ImportRequest request, CancellationToken ct)
    {
        var actor = request.Actor;
        if (request.Kind == UploadKind.Registrations && !actor.IsStaffOrAdmin)
        {
            return ServiceResult<BatchInfo>.Fail(Failure.Forbidden, "Hanya Staf Direktorat dan Administrator yang dapat mengimpor pendaftaran peserta.");
        }
        if (!actor.IsStaffOrAdmin && !(actor.IsInstitutionAdmin && actor.InstitutionId is not null))
        {
            return ServiceResult<BatchInfo>.Fail(Failure.Forbidden, "Peran Anda tidak dapat mengunggah data kehadiran atau nilai.");
        }
        var batch = await db.Batches.AsNoTracking()
            .Where(b => b.Id == request.BatchId)
            .Select(b => new BatchInfo(
                b.Id,
                b.Status,
                b.Capacity,
                b.Partners.OrderBy(p => p.Institution!.Code).Select(p => new PartnerInfo(p.InstitutionId, p.Institution!.Code)).ToList(),
                b.Sessions.OrderBy(s => s.Number).Select(s => new SessionInfo(s.Number, s.Id)).ToList()))
            .SingleOrDefaultAsync(ct);
        if (batch is null)
        {
            return ServiceResult<BatchInfo>.Fail(Failure.NotFound, $"Angkatan {request.BatchId} tidak ditemukan.");
        }
        if (actor.IsInstitutionAdmin && batch.Partners.All(p => p.Id != actor.InstitutionId))
        {
            return ServiceResult<BatchInfo>.Fail(Failure.Forbidden, "Lembaga Anda bukan mitra angkatan ini, sehingga tidak dapat mengunggah data untuk angkatan ini.");
        }
        if (actor.FinishedBatchFailure<BatchInfo>(batch.Status, request.Reason, writes: !request.DryRun) is { } finished)
        {
            return finished;
        }
        if (request.Kind == UploadKind.MeetingReport)
        {
            var number = request.SessionNumber ?? 0;
            var session = await db.Sessions.AsNoTracking()
                .Where(s => s.BatchId == batch.Id && s.Number == number)
                .Select(s => new ImportSession(s.Id, s.Number, s.Date, s.StartTime, s.EndTime, s.Batch!.Programme!.LateAfterMinutes, s.Batch.Programme.OnlineMinPresentPercent))
                .SingleOrDefaultAsync(ct);
            if (session is null)
            {
                return ServiceResult<BatchInfo>.Fail(Failure.NotFound, NoSuchSession(number, SessionsHint(batch.Sessions)));
            }
            return ServiceResult<BatchInfo>.Ok(batch with { Session = session });
        }
        return ServiceResult<BatchInfo>.Ok(batch);
    }

    private static string StagingSql(ImportKind kind) => $"""
        CREATE TEMP TABLE import_rows (
            row_no int NOT NULL,
            raw text[] NOT NULL,
            err_col text[],
            err_val text[],
            err_msg text[],
            bad boolean NOT NULL DEFAULT false,
            {string.Join(", ", kind.Parsed.Select(c => $"{c.Name} {c.SqlType}"))},
            {string.Join(", ", kind.Resolved.Select(c => $"{c.Name} {c.Definition}"))}
        ) ON COMMIT DROP;
        CREATE TEMP TABLE import_errors (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            row_no int NOT NULL,
            col text NOT NULL,
            val text,
            msg text NOT NULL
        ) ON COMMIT DROP;
        """;

    // The typed columns only: the raw cells and error arrays are read row by row, never planned on, and most of the
    // cost of analysing them.
    private static string CheckSql(ImportKind kind) => $"""
        ANALYZE import_rows (row_no, {string.Join(", ", kind.Parsed.Select(c => c.Name))});
        INSERT INTO import_errors (row_no, col, val, msg)
        SELECT s.row_no, e.col, e.val, e.msg
        FROM import_rows s, unnest(s.err_col, s.err_val, s.err_msg) AS e(col, val, msg)
        WHERE s.err_col IS NOT NULL;
        {kind.CheckSql}
        UPDATE import_rows SET bad = true WHERE row_no IN (SELECT row_no FROM import_errors);
        """;

    /// <summary>
    /// The kind's <see cref="ImportKind.CompleteSql"/>, then fresh statistics of the staging table for the count and the
    /// merge. The staging table was analysed before the ids were resolved, when every id column was NULL: planned on
    /// that, the merge's record of the stored rows (<see cref="ImportKind.Recorded"/>) expects one changed row and joins
    /// it by nested loop, one scan of the staging table per written row; a 100,000-row results file then ran for over ten
    /// minutes instead of seconds.
    /// </summary>
    private Task CompleteAsync(NpgsqlConnection connection, ImportKind kind, Run run, CancellationToken ct) =>
        ExecuteAsync(connection, $"{kind.CompleteSql}\nANALYZE import_rows (bad, {string.Join(", ", kind.Resolved.Select(c => c.Name))});", run, ct);

    /// <summary>
    /// After the commit, in its own statement: the import is saved whatever happens here, and the lock ANALYZE takes is
    /// held for a moment, not for the rest of an import. A failure costs only the statistics autovacuum will gather.
    /// </summary>
    private async Task AnalyzeAsync(NpgsqlConnection connection, string tables, Run run)
    {
        try
        {
            await ExecuteAsync(connection, $"ANALYZE {tables}", run, CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            logger.LogWarning(e, "ANALYZE {Tables} after upload {UploadId} failed", tables, run.UploadId);
        }
    }

    /// <summary>
    /// An import that would take the batch over its capacity is refused as a whole, with the numbers (issue 12): the
    /// batch row is locked as the registration form locks it, so the two count the same registrations. Cancelled
    /// registrations do not take a place.
    /// </summary>
    private async Task CheckCapacityAsync(NpgsqlConnection connection, Run run, int adding, CancellationToken ct)
    {
        if (run.Batch.Capacity is not int capacity)
        {
            return;
        }
        await ExecuteAsync(connection, "SELECT 1 FROM batches WHERE id = @batch FOR UPDATE", run, ct);
        await using var count = Command(connection, "SELECT count(*)::int FROM registrations WHERE batch_id = @batch AND cancelled_at IS NULL", run);
        var registered = (int)(await count.ExecuteScalarAsync(ct))!;
        if (registered + adding > capacity)
        {
            throw new ImportFileException(
                $"Kapasitas angkatan ini {Formats.Number(capacity)} peserta; sudah terdaftar {Formats.Number(registered)}, dan berkas ini menambah " +
                $"{Formats.Number(adding)} peserta baru (menjadi {Formats.Number(registered + adding)}). Tidak ada yang disimpan. Kurangi barisnya, " +
                "atau minta Staf Direktorat menaikkan kapasitas angkatan lebih dulu.", Failure.Conflict);
        }
    }

    /// <summary>
    /// Rows that would make a live certificate untrue become row errors naming it (imports offer no revocation). Whether
    /// they would is read, not restated: the valid rows are merged under a savepoint, certificate_standing is asked about
    /// their registrations, and the savepoint is rolled back. Skipped when no valid row touches a certificated registration.
    /// </summary>
    private async Task CheckCertificatesAsync(NpgsqlConnection connection, ImportKind kind, Run run, CancellationToken ct)
    {
        const string AnySql = """
            SELECT EXISTS (SELECT 1 FROM import_rows s JOIN certificates c ON c.registration_id = s.registration_id AND c.revoked_at IS NULL
                           WHERE NOT s.bad)
            """;
        const string Touched = "SELECT registration_id FROM import_rows WHERE NOT bad AND registration_id IS NOT NULL";
        await using (var any = Command(connection, AnySql, run))
        {
            if (await any.ExecuteScalarAsync(ct) is not true)
            {
                return;
            }
        }
        await ExecuteAsync(connection, "SAVEPOINT certificates", run, ct);
        await CompleteAsync(connection, kind, run, ct);
        await ExecuteAsync(connection, kind.MergeSql, run, ct);
        var untrue = await standing.UntrueAsync(Touched, _ => { }, ct);
        var rows = new List<(int Row, string? Value, string Message)>();
        if (untrue.Count > 0)
        {
            // The rows of those registrations, read before the rollback: a registration import resolves them in its CompleteSql.
            var byRegistration = untrue.GroupBy(u => u.RegistrationId)
                .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(CertificateStanding.RowError)));
            await using var select = Command(connection,
                $"SELECT s.row_no, s.registration_id, s.raw[{kind.IndexOf(kind.CertificateColumn) + 1}] FROM import_rows s " +
                "WHERE NOT s.bad AND s.registration_id = ANY (@regs) ORDER BY s.row_no", run);
            select.Parameters.Add(new NpgsqlParameter<long[]>("regs", [.. byRegistration.Keys]));
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetInt32(0), reader.IsDBNull(2) ? null : reader.GetString(2), byRegistration[reader.GetInt64(1)]));
            }
        }
        await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT certificates", run, ct);
        if (rows.Count == 0)
        {
            return;
        }
        await using var insert = Command(connection, """
            INSERT INTO import_errors (row_no, col, val, msg)
            SELECT e.row_no, @col, e.val, e.msg FROM unnest(@rows, @vals, @msgs) AS e(row_no, val, msg) ORDER BY e.row_no;
            UPDATE import_rows SET bad = true WHERE row_no = ANY (@rows);
            """, run);
        insert.Parameters.Add(new NpgsqlParameter<string>("col", kind.CertificateColumn));
        insert.Parameters.Add(new NpgsqlParameter<int[]>("rows", [.. rows.Select(r => r.Row)]));
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("vals", [.. rows.Select(r => r.Value)]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("msgs", [.. rows.Select(r => r.Message)]));
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Parses and checks each row on its own and COPYs it, with its errors, into the staging table.</summary>
    private static async Task<int> StageAsync(NpgsqlConnection connection, ImportKind kind, StagedRows source, CancellationToken ct)
    {
        var columns = string.Join(", ", kind.Parsed.Select(c => c.Name));
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY import_rows (row_no, raw, err_col, err_val, err_msg, {columns}) FROM STDIN (FORMAT BINARY)", ct);
        var values = new object?[kind.Parsed.Count];
        var errors = new RowErrors();
        var rows = 0;
        while (true)
        {
            errors.Clear();
            Array.Clear(values);
            if (!source.Next(out var rowNumber, out var raw, values, errors))
            {
                break;
            }

            await importer.StartRowAsync(ct);
            await importer.WriteAsync(rowNumber, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(raw, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            if (errors.Count == 0)
            {
                await importer.WriteNullAsync(ct);
                await importer.WriteNullAsync(ct);
                await importer.WriteNullAsync(ct);
            }
            else
            {
                await importer.WriteAsync(errors.Items.Select(e => e.Column).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await importer.WriteAsync(errors.Items.Select(e => e.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await importer.WriteAsync(errors.Items.Select(e => e.Message).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            }
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is { } value)
                {
                    await importer.WriteAsync(value, kind.Parsed[i].DbType, ct);
                }
                else
                {
                    await importer.WriteNullAsync(ct);
                }
            }
            rows++;
        }
        await importer.CompleteAsync(ct);
        return rows;
    }

    /// <summary>The first errors in row order (with the row's cells for the error report), and how many rows failed.</summary>
    private async Task<(List<StoredImportError> Errors, int Rejected)> ReadErrorsAsync(NpgsqlConnection connection, ImportKind kind, Run run, CancellationToken ct)
    {
        long total;
        int rejected;
        await using (var count = Command(connection, "SELECT count(*), count(DISTINCT row_no)::int FROM import_errors", run))
        await using (var reader = await count.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            total = reader.GetInt64(0);
            rejected = reader.GetInt32(1);
        }

        var errors = new List<StoredImportError>();
        const string Sql = """
            SELECT e.row_no, e.col, e.val, e.msg, s.raw
            FROM (SELECT row_no, col, val, msg, seq FROM import_errors ORDER BY row_no, seq LIMIT @max) e
            JOIN import_rows s ON s.row_no = e.row_no
            ORDER BY e.row_no, e.seq
            """;
        await using (var select = Command(connection, Sql, run))
        {
            await using var reader = await select.ExecuteReaderAsync(ct);
            var lastRow = -1;
            while (await reader.ReadAsync(ct))
            {
                var row = reader.GetInt32(0);
                Dictionary<string, string?>? cells = null;
                if (row != lastRow)
                {
                    // The row's cells once per row: enough for the error report, without repeating them.
                    var raw = reader.GetFieldValue<string?[]>(4);
                    cells = new Dictionary<string, string?>(raw.Length);
                    for (var i = 0; i < raw.Length && i < kind.Columns.Count; i++)
                    {
                        cells[kind.Columns[i].Name] = raw[i];
                    }
                    lastRow = row;
                }
                errors.Add(new StoredImportError(row, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), cells));
            }
        }
        if (total > errors.Count)
        {
            errors.Add(new StoredImportError(0, "", null,
                $"… dan {(total - errors.Count).ToString("N0", Formats.Culture)} kesalahan lain tidak ditampilkan. Perbaiki kesalahan di atas, lalu unggah ulang untuk melihat sisanya.",
                null));
        }
        return (errors, rejected);
    }

    private async Task<(int Inserted, int Updated, int Unchanged)> CountAsync(NpgsqlConnection connection, ImportKind kind, Run run, CancellationToken ct)
    {
        await using var command = Command(connection, kind.CountSql, run);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2));
    }

    private async Task RecordAsync(Upload upload, ImportRequest request, ImportReport report, UploadSpool spool, DateTime now, bool audit, CancellationToken ct)
    {
        if (!request.Record)
        {
            return;
        }
        upload.Committed = report.Committed;
        upload.Summary = report.Details is null ? null : JsonSerializer.Serialize(report.Details, report.Details.GetType(), Json);
        db.Uploads.Add(upload);
        await db.SaveChangesAsync(ct);
        if (ImportKind.For(request.Kind).KeepsFile)
        {
            // Streamed from the spool, which the parse has read to its end.
            spool.File.Position = 0;
            await using var command = new NpgsqlCommand("INSERT INTO upload_files (upload_id, content) VALUES (@id, @content)",
                (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter<long>("id", upload.Id));
            command.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = spool.File, Size = (int)spool.Length });
            await command.ExecuteNonQueryAsync(ct);
        }
        if (audit)
        {
            // Counts only: the rows themselves (and their NIKs) stay out of the audit log.
            Audit.Add(db, request.Actor, "import", nameof(Upload), upload.Id, before: null, after: new
            {
                kind = request.Kind.ToCode(),
                batchId = upload.BatchId,
                uploadId = upload.Id,
                report.Rows,
                report.Inserted,
                report.Updated,
                report.Unchanged,
                report.Rejected,
                request.Partial,
                reason = request.Reason?.Trim(),
            }, now);
            await db.SaveChangesAsync(ct);
        }
    }

    private static void Fill(Upload upload, ImportReport report, List<StoredImportError> errors)
    {
        upload.Rows = report.Rows;
        upload.Inserted = report.Inserted;
        upload.Updated = report.Updated;
        upload.Unchanged = report.Unchanged;
        upload.Rejected = report.Rejected;
        upload.Committed = report.Committed;
        upload.Errors = JsonSerializer.Serialize(errors, Json);
    }

    /// <summary>
    /// The batch's advisory lock for this transaction, waiting at most <see cref="ImportOptions.BatchLockWaitSeconds"/>;
    /// held until commit or rollback, so a second upload of the same batch runs after the first, on its result.
    /// </summary>
    private async Task LockBatchAsync(NpgsqlConnection connection, Run run, CancellationToken ct)
    {
        var wait = Math.Max(1, _options.BatchLockWaitSeconds) * 1000;
        try
        {
            await ExecuteAsync(connection, $"""
                SET LOCAL lock_timeout = {wait};
                SELECT pg_advisory_xact_lock({AdvisoryLocks.BatchImport}, @batch);
                SET LOCAL lock_timeout TO DEFAULT;
                """, run, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new ImportFileException(BusyMessage, Failure.Conflict);
        }
    }

    public const string BusyMessage =
        "Unggahan lain untuk angkatan ini sedang diproses. Tunggu sampai selesai, lalu unggah ulang berkas Anda; hasilnya akan dihitung dari data terbaru.";

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql, Run run, CancellationToken ct)
    {
        await using var command = Command(connection, sql, run);
        await command.ExecuteNonQueryAsync(ct);
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, Run run)
    {
        // A big file may take a while to check; the transaction, not a command timeout, bounds the work.
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<int>("batch", run.Batch.Id));
        p.Add(new NpgsqlParameter("inst", NpgsqlDbType.Integer) { Value = (object?)run.Request.Actor.InstitutionId ?? DBNull.Value });
        p.Add(new NpgsqlParameter<bool>("scoped", run.Request.Actor.IsInstitutionAdmin));
        p.Add(new NpgsqlParameter<DateTime>("now", run.Now) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<string>("user", run.Request.Actor.UserId));
        p.Add(new NpgsqlParameter<int[]>("partners", [.. run.Batch.Partners.Select(x => x.Id)]));
        p.Add(new NpgsqlParameter<string>("partner_hint", run.Batch.Partners.Count == 0
            ? "Angkatan ini belum memiliki lembaga mitra; kosongkan kolom lembaga."
            : $"Isi kode lembaga mitra angkatan ini: {string.Join(", ", run.Batch.Partners.Select(x => x.Code))}."));
        p.Add(new NpgsqlParameter("session", NpgsqlDbType.Integer) { Value = (object?)run.Batch.Session?.Id ?? DBNull.Value });
        p.Add(new NpgsqlParameter<int>("max", _options.MaxReportedErrors));
        p.Add(new NpgsqlParameter<long>("upload", run.UploadId));
        return command;
    }

    private static string FileNameOf(string? name)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(file))
        {
            file = "unggahan";
        }
        return file.Length <= FieldLengths.FileName ? file : file[..FieldLengths.FileName];
    }

    /// <summary>The refusal of a session number the batch does not have, for a meeting report and an attendance row.</summary>
    internal static string NoSuchSession(int number, string hint) => $"Sesi {number} tidak ada di angkatan ini. {hint}";

    private static string SessionsHint(List<SessionInfo> sessions) => sessions.Count == 0
        ? "Angkatan ini belum memiliki sesi; tambahkan sesi pada angkatan lebih dulu."
        : $"Sesi yang ada: {string.Join(", ", sessions.Select(s => s.Number))}.";

    private sealed record PartnerInfo(int Id, string Code);

    private sealed record SessionInfo(int Number, int Id);

    private sealed record BatchInfo(int Id, BatchStatus Status, int? Capacity, List<PartnerInfo> Partners, List<SessionInfo> Sessions)
    {
        public ImportSession? Session { get; init; }
    }

    private sealed record Run(ImportRequest Request, ImportKind Kind, BatchInfo Batch, DateTime Now)
    {
        /// <summary>The recorded upload, once it is saved (before the merge, which records its changes under it).</summary>
        public long UploadId { get; set; }
    }
}

/// <summary>
/// An error as kept in Upload.Errors: the report's {row, column, value, message}, plus on the first error
/// of each row that row's cells by template column, so the error report can show the row as uploaded.
/// </summary>
internal sealed record StoredImportError(int Row, string Column, string? Value, string Message, Dictionary<string, string?>? Cells);
