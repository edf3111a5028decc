using System.Data.Common;
using System.Globalization;
using K3Competency.Application.Data;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace K3Competency.Application.Reporting;

/// <summary>
/// The numbers of DESIGN §4, the one source every page, export and API response reads. Each figure is read by
/// PostgreSQL in a single statement (see <see cref="ReportingSql"/>) from the per-batch counts it keeps up to
/// date in the transaction of every write, so a read costs the same whatever the number of registrations, and
/// shows every committed write at once. Programme-level figures are for Staff, Admin and Director: callers
/// must not offer them to an InstitutionAdmin, whose view is limited to its own registrations (DESIGN §2).
/// </summary>
public sealed class ReportingService(K3DbContext db)
{
    /// <summary>Every programme, newest year first, and whether any registration counts in it yet.</summary>
    public async Task<IReadOnlyList<ProgrammeOption>> ListProgrammesAsync(CancellationToken ct) =>
        await db.Programmes.AsNoTracking()
            .OrderByDescending(p => p.Year).ThenBy(p => p.Code)
            .Select(p => new ProgrammeOption(p.Id, p.Code, p.Name, p.Year,
                p.Batches.Any(b => db.OutcomeFigures.Any(f => f.BatchId == b.Id && f.Dimension == OutcomeFigure.All && f.Participants > 0))))
            .ToListAsync(ct);

    /// <summary>The programme a dashboard opens on: the newest that has data, else the newest.</summary>
    public static int? Landing(IReadOnlyList<ProgrammeOption> programmes)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        return (programmes.FirstOrDefault(p => p.HasData) ?? programmes.FirstOrDefault())?.Id;
    }

    /// <summary>DESIGN §7.1 for one programme, or null when there is no such programme.</summary>
    public async Task<ProgramSummary?> GetSummaryAsync(int programmeId, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking()
            .Where(p => p.Id == programmeId)
            .Select(p => new { p.Id, p.Code, p.Year, p.Name, p.MinAttendancePercent, p.PassingScore, p.HighPerformanceScore, p.TargetUpgraded, p.TargetHighPerforming })
            .SingleOrDefaultAsync(ct);
        if (programme is null)
        {
            return null;
        }

        var batches = new List<BatchSummary>();
        var totals = SummaryTotals.Zero;
        await ReadAsync(ReportingSql.Summary, programmeId, null, reader =>
        {
            batches.Add(new BatchSummary(
                Number: reader.GetInt32(0),
                BatchId: reader.GetInt32(1),
                StartDate: reader.GetFieldValue<DateOnly>(2),
                EndDate: reader.GetFieldValue<DateOnly>(3),
                Mode: reader.GetString(4),
                Status: reader.GetString(5),
                Sessions: reader.GetInt32(6),
                Participants: reader.GetInt32(7),
                AhliK3: reader.GetInt32(8),
                Upgraded: reader.GetInt32(9),
                Completed: reader.GetInt32(10),
                HighPerforming: reader.GetInt32(11),
                Online: reader.GetInt32(12),
                Offline: reader.GetInt32(13),
                CumulativeUpgraded: reader.GetInt32(14),
                CumulativeHighPerforming: reader.GetInt32(15),
                CumulativeUpgradedParticipations: reader.GetInt32(16),
                CompletedAll: reader.GetInt32(17)));
            totals = new SummaryTotals(
                Participants: reader.GetInt32(18),
                AhliK3: reader.GetInt32(19),
                Upgraded: reader.GetInt32(20),
                UpgradedParticipations: reader.GetInt32(21),
                Completed: reader.GetInt32(22),
                HighPerforming: reader.GetInt32(23),
                HighPerformingPersons: reader.GetInt32(24),
                Online: reader.GetInt32(25),
                Offline: reader.GetInt32(26),
                CompletedAll: reader.GetInt32(27));
        }, ct);

        return new ProgramSummary(
            programme.Id, programme.Code, programme.Year, programme.Name,
            new SummaryThresholds(programme.MinAttendancePercent, programme.PassingScore, programme.HighPerformanceScore),
            new SummaryTargets(programme.TargetUpgraded, programme.TargetHighPerforming),
            batches, totals);
    }

    /// <summary>
    /// Participants and upgraded persons by category, expertise field, province, attendance mode and institution,
    /// for the whole programme or one batch (by number). Null when the programme or that batch does not exist.
    /// </summary>
    public async Task<Breakdowns?> GetBreakdownsAsync(int programmeId, int? batchNumber, CancellationToken ct)
    {
        var exists = batchNumber is null
            ? await db.Programmes.AnyAsync(p => p.Id == programmeId, ct)
            : await db.Batches.AnyAsync(b => b.ProgrammeId == programmeId && b.Number == batchNumber, ct);
        return exists ? await ReadBreakdownsAsync(programmeId, batchNumber, ct) : null;
    }

    /// <summary>
    /// The same for a programme whose summary was just read (the dashboard, its export): the summary shows that the
    /// programme exists and which batch numbers it has, so nothing is asked of the database twice.
    /// </summary>
    public async Task<Breakdowns?> GetBreakdownsAsync(ProgramSummary summary, int? batchNumber, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return batchNumber is null || summary.Batches.Any(b => b.Number == batchNumber)
            ? await ReadBreakdownsAsync(summary.ProgramId, batchNumber, ct)
            : null;
    }

    private async Task<Breakdowns> ReadBreakdownsAsync(int programmeId, int? batchNumber, CancellationToken ct)
    {
        var counts = new Dictionary<(string Dimension, string Code), (int Participants, int Upgraded, int Participations)>();
        await ReadAsync(ReportingSql.Breakdowns, programmeId, batchNumber, reader =>
            counts[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)), ct);
        // Institutions are kept by id (a code may be edited); the row shows the code and the name.
        var institutions = new List<(string Id, string Code, string Name)>();
        await ReadAsync(ReportingSql.Institutions, programmeId, batchNumber, reader =>
            institutions.Add((reader.GetInt32(0).ToString(CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2))), ct);
        if (counts.TryGetValue((OutcomeFigure.Institution, ""), out var unassigned) && unassigned.Participants > 0)
        {
            institutions.Add(("", "", "Tanpa lembaga"));
        }

        // Every known code, in the order DESIGN lists them, so a chart or table has stable rows.
        List<BreakdownRow> Rows(string dimension, IEnumerable<(string Key, string Code, string Name)> known) =>
            [.. known.Select(k => counts.TryGetValue((dimension, k.Key), out var c)
                ? new BreakdownRow(k.Code, k.Name, c.Participants, c.Upgraded, c.Participations)
                : new BreakdownRow(k.Code, k.Name, 0, 0))];
        List<BreakdownRow> ByCode(string dimension, IEnumerable<(string Code, string Name)> known) =>
            Rows(dimension, known.Select(k => (k.Code, k.Code, k.Name)));

        return new Breakdowns(
            programmeId,
            batchNumber,
            ByCode(OutcomeFigure.Category, Enum.GetValues<ParticipantCategory>().Select(c => (c.ToCode(), DisplayNames.Of(c)))),
            ByCode(OutcomeFigure.Field, ExpertiseFields.All.Select(f => (f.Code, f.Name))),
            ByCode(OutcomeFigure.Province, Provinces.All.Select(p => (p.Code, p.Name))),
            ByCode(OutcomeFigure.Mode, Enum.GetValues<AttendanceMode>().Select(m => (m.ToCode(), m == AttendanceMode.Daring ? "Daring" : "Luring"))),
            Rows(OutcomeFigure.Institution, institutions));
    }

    /// <summary>
    /// Every programme's totals, newest year first, with the persons counted once across all of them: each
    /// programme adds the persons upgraded (high-performing) there for the first time of all programmes.
    /// </summary>
    public async Task<OverallSummary> GetOverallAsync(CancellationToken ct)
    {
        var programmes = new List<ProgrammeTotals>();
        await ReadAsync(ReportingSql.Overall, null, null, reader => programmes.Add(new ProgrammeTotals(
            ProgramId: reader.GetInt32(0),
            Code: reader.GetString(1),
            Year: reader.GetInt32(2),
            Name: reader.GetString(3),
            Batches: reader.GetInt32(4),
            Totals: new SummaryTotals(
                Participants: reader.GetInt32(5),
                AhliK3: reader.GetInt32(6),
                Upgraded: reader.GetInt32(7),
                UpgradedParticipations: reader.GetInt32(8),
                Completed: reader.GetInt32(9),
                HighPerforming: reader.GetInt32(10),
                HighPerformingPersons: reader.GetInt32(11),
                Online: reader.GetInt32(12),
                Offline: reader.GetInt32(13),
                CompletedAll: reader.GetInt32(14)),
            NewUpgradedPersons: reader.GetInt32(15),
            NewHighPerformingPersons: reader.GetInt32(16))), ct);

        // The rows come newest first; the running count goes the other way, oldest first.
        int upgraded = 0, high = 0;
        for (var i = programmes.Count - 1; i >= 0; i--)
        {
            upgraded += programmes[i].NewUpgradedPersons;
            high += programmes[i].NewHighPerformingPersons;
            programmes[i] = programmes[i] with { CumulativeUpgradedPersons = upgraded, CumulativeHighPerformingPersons = high };
        }
        return new OverallSummary(programmes, programmes.Sum(p => p.Totals.Participants), programmes.Sum(p => p.Totals.AhliK3),
            upgraded, programmes.Sum(p => p.Totals.UpgradedParticipations), high);
    }

    /// <summary>Runs one reporting statement on the context's connection and hands each row to <paramref name="row"/>.</summary>
    private async Task ReadAsync(string sql, int? programmeId, int? batchNumber, Action<DbDataReader> row, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
            cmd.Parameters.Add(new NpgsqlParameter("programme_id", NpgsqlDbType.Integer) { Value = (object?)programmeId ?? DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter("batch_number", NpgsqlDbType.Integer) { Value = (object?)batchNumber ?? DBNull.Value });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                row(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
