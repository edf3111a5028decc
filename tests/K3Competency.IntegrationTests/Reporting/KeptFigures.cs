using K3Competency.Testing;
using Npgsql;

namespace K3Competency.IntegrationTests.Reporting;

/// <summary>
/// The per-batch figures kept by the writes (registration_outcomes.v1.sql), compared with the same figures counted
/// from scratch: whatever wrote last, they must be equal.
/// </summary>
internal static class KeptFigures
{
    /// <summary>Every non-zero figure, one line per batch and code, in a fixed order.</summary>
    private const string FiguresSql = """
        SELECT coalesce(string_agg(concat_ws('|', b.number, p.code, f.dimension, f.code, f.participants, f.ahli_k3, f.upgraded, f.completed,
                   f.completed_ahli_k3, f.high_performing, f.high_performing_ahli_k3, f.online, f.offline, f.without_post_test,
                   f.without_attendance, f.new_upgraded, f.new_high_performing, f.new_upgraded_overall, f.new_high_performing_overall),
                   E'\n' ORDER BY p.code, b.number, f.dimension, f.code), '')
        FROM outcome_figures f JOIN batches b ON b.id = f.batch_id JOIN programmes p ON p.id = b.programme_id
        WHERE (f.participants, f.ahli_k3, f.upgraded, f.completed, f.completed_ahli_k3, f.high_performing, f.high_performing_ahli_k3,
               f.online, f.offline, f.without_post_test, f.without_attendance, f.new_upgraded, f.new_high_performing,
               f.new_upgraded_overall, f.new_high_performing_overall) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        """;

    /// <summary>The kept figures, and the same counted from scratch (in a transaction that is rolled back).</summary>
    private static async Task<(string Kept, string Counted)> FiguresAsync(TestDatabase database)
    {
        await using var conn = await database.OpenAsync();
        string kept;
        await using (var read = new NpgsqlCommand(FiguresSql, conn))
        {
            kept = (string)(await read.ExecuteScalarAsync())!;
        }
        await using var tx = await conn.BeginTransactionAsync();
        await using (var recount = new NpgsqlCommand("SELECT k3_recount_outcome_figures()", conn, tx))
        {
            await recount.ExecuteNonQueryAsync();
        }
        await using var again = new NpgsqlCommand(FiguresSql, conn, tx);
        var counted = (string)(await again.ExecuteScalarAsync())!;
        await tx.RollbackAsync();
        return (kept, counted);
    }

    public static async Task AssertEqualToARecountAsync(TestDatabase database, string after)
    {
        var (kept, counted) = await FiguresAsync(database);
        Assert.True(kept == counted, $"After {after} the kept figures differ from a recount.\nKept:\n{kept}\nCounted:\n{counted}");
    }
}
