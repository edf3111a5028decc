using System.Data.Common;
using K3Competency.Application.Data;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace K3Competency.Application.Reporting;

/// <summary>
/// The numbers of DESIGN §4, the one source every page, export and API response reads. Each figure is
/// computed by PostgreSQL in a single statement (see <see cref="ReportingSql"/>); registrations are never
/// loaded into memory. Programme-level figures are for Staff, Admin and Director: callers must not offer
/// them to an InstitutionAdmin, whose view is limited to its own registrations (DESIGN §2).
/// </summary>
public sealed class ReportingService(K3DbContext db)
{
    public async Task<IReadOnlyList<ProgrammeOption>> ListProgrammesAsync(CancellationToken ct) =>
        await db.Programmes.AsNoTracking()
            .OrderByDescending(p => p.Year).ThenBy(p => p.Code)
            .Select(p => new ProgrammeOption(p.Id, p.Code, p.Name, p.Year))
            .ToListAsync(ct);

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
                CumulativeUpgradedParticipations: reader.GetInt32(16)));
            totals = new SummaryTotals(
                Participants: reader.GetInt32(17),
                AhliK3: reader.GetInt32(18),
                Upgraded: reader.GetInt32(19),
                UpgradedParticipations: reader.GetInt32(20),
                Completed: reader.GetInt32(21),
                HighPerforming: reader.GetInt32(22),
                HighPerformingPersons: reader.GetInt32(23),
                Online: reader.GetInt32(24),
                Offline: reader.GetInt32(25));
        }, ct);

        return new ProgramSummary(
            programme.Id, programme.Code, programme.Year, programme.Name,
            new SummaryThresholds(programme.MinAttendancePercent, programme.PassingScore, programme.HighPerformanceScore),
            new SummaryTargets(programme.TargetUpgraded, programme.TargetHighPerforming),
            batches, totals);
    }

    /// <summary>
    /// Participants and upgraded persons by category, expertise field, province and attendance mode, for the
    /// whole programme or one batch (by number). Null when the programme or that batch does not exist.
    /// </summary>
    public async Task<Breakdowns?> GetBreakdownsAsync(int programmeId, int? batchNumber, CancellationToken ct)
    {
        var exists = batchNumber is null
            ? await db.Programmes.AnyAsync(p => p.Id == programmeId, ct)
            : await db.Batches.AnyAsync(b => b.ProgrammeId == programmeId && b.Number == batchNumber, ct);
        if (!exists)
        {
            return null;
        }

        var counts = new Dictionary<(string Dimension, string Code), (int Participants, int Upgraded)>();
        await ReadAsync(ReportingSql.Breakdowns, programmeId, batchNumber, reader =>
        {
            // The expertise-field set also yields a NULL group: the registrations of other categories.
            if (!reader.IsDBNull(1))
            {
                counts[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt32(2), reader.GetInt32(3));
            }
        }, ct);

        // Every known code, in the order DESIGN lists them, so a chart or table has stable rows.
        List<BreakdownRow> Rows(string dimension, IEnumerable<(string Code, string Name)> known) =>
            [.. known.Select(k => counts.TryGetValue((dimension, k.Code), out var c)
                ? new BreakdownRow(k.Code, k.Name, c.Participants, c.Upgraded)
                : new BreakdownRow(k.Code, k.Name, 0, 0))];

        return new Breakdowns(
            programmeId,
            batchNumber,
            Rows("category", Enum.GetValues<ParticipantCategory>().Select(c => (c.ToCode(), DisplayNames.Of(c)))),
            Rows("field", ExpertiseFields.All.Select(f => (f.Code, f.Name))),
            Rows("province", Provinces.All.Select(p => (p.Code, p.Name))),
            Rows("mode", Enum.GetValues<AttendanceMode>().Select(m => (m.ToCode(), m == AttendanceMode.Daring ? "Daring" : "Luring"))));
    }

    /// <summary>Every programme's totals, newest year first, and the persons counted once across all of them.</summary>
    public async Task<OverallSummary> GetOverallAsync(CancellationToken ct)
    {
        var programmes = new List<ProgrammeTotals>();
        int participants = 0, ahliK3 = 0, upgradedPersons = 0, upgraded = 0, highPerformingPersons = 0;
        await ReadAsync(ReportingSql.Overall, null, null, reader =>
        {
            programmes.Add(new ProgrammeTotals(
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
                    Offline: reader.GetInt32(13))));
            participants = reader.GetInt32(14);
            ahliK3 = reader.GetInt32(15);
            upgradedPersons = reader.GetInt32(16);
            upgraded = reader.GetInt32(17);
            highPerformingPersons = reader.GetInt32(18);
        }, ct);

        return new OverallSummary(programmes, participants, ahliK3, upgradedPersons, upgraded, highPerformingPersons);
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
