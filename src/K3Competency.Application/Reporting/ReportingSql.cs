namespace K3Competency.Application.Reporting;

/// <summary>
/// The SQL behind <see cref="ReportingService"/>. Every figure is read from outcome_figures, the per-batch counts
/// that PostgreSQL keeps in the transaction of every write (Data/Sql/registration_outcomes.v1.sql, where the rule
/// of DESIGN §4 is written). A statement reads a few rows per batch, however many registrations there are; a
/// distinct-person count is a sum of first appearances (a person counts in the batch of their first upgraded or
/// high-performing registration), so a running sum over the batches is the persons through each batch.
/// </summary>
/// <remarks>
/// outcome_figures is a view that sums the figures' stripes (registration_outcomes.v5.sql). PostgreSQL does not
/// push a join's condition into an aggregate, so a statement that reads some batches also names them as an array
/// (<see cref="ProgrammeBatches"/>), a condition it does push down to the stripes' index: what it reads stays the
/// rows of those batches, however many other batches there are.
/// </remarks>
internal static class ReportingSql
{
    /// <summary>The ids of the programme's batches, or of its one batch <c>@batch_number</c> when given.</summary>
    private const string ProgrammeBatches = """
        ARRAY(SELECT pb.id FROM batches pb WHERE pb.programme_id = @programme_id
              AND (@batch_number::int IS NULL OR pb.number = @batch_number::int))
        """;

    /// <summary>
    /// One row per batch of the programme (batches without registrations included), ordered by number, with the
    /// running distinct counts. The programme totals ride along on every row (a window over the whole set), so no
    /// batch means no row and all-zero totals. Parameter: <c>@programme_id</c>.
    /// </summary>
    public const string Summary = $"""
        SELECT b.number, b.id, b.start_date, b.end_date, b.mode, b.status,
               (SELECT count(*) FROM sessions s WHERE s.batch_id = b.id)::int AS sessions,
               coalesce(f.participants, 0), coalesce(f.ahli_k3, 0), coalesce(f.upgraded, 0), coalesce(f.completed_ahli_k3, 0),
               coalesce(f.high_performing_ahli_k3, 0), coalesce(f.online, 0), coalesce(f.offline, 0),
               (sum(coalesce(f.new_upgraded, 0)) OVER running)::int AS cumulative_upgraded,
               (sum(coalesce(f.new_high_performing, 0)) OVER running)::int AS cumulative_high_performing,
               (sum(coalesce(f.upgraded, 0)) OVER running)::int AS cumulative_upgraded_participations,
               coalesce(f.completed, 0) AS completed_all,
               (sum(coalesce(f.participants, 0)) OVER everything)::int,
               (sum(coalesce(f.ahli_k3, 0)) OVER everything)::int,
               (sum(coalesce(f.new_upgraded, 0)) OVER everything)::int,
               (sum(coalesce(f.upgraded, 0)) OVER everything)::int,
               (sum(coalesce(f.completed_ahli_k3, 0)) OVER everything)::int,
               (sum(coalesce(f.high_performing_ahli_k3, 0)) OVER everything)::int,
               (sum(coalesce(f.new_high_performing, 0)) OVER everything)::int,
               (sum(coalesce(f.online, 0)) OVER everything)::int,
               (sum(coalesce(f.offline, 0)) OVER everything)::int,
               (sum(coalesce(f.completed, 0)) OVER everything)::int
        FROM batches b
        LEFT JOIN outcome_figures f ON f.batch_id = b.id AND f.dimension = 'all' AND f.code = ''
            AND f.batch_id = ANY ({ProgrammeBatches})
        WHERE b.programme_id = @programme_id
        WINDOW running AS (ORDER BY b.number), everything AS ()
        ORDER BY b.number
        """;

    /// <summary>
    /// The breakdowns of a programme, or of one of its batches (<c>@batch_number</c>, NULL for all): per code,
    /// registrations, upgraded registrations and upgraded persons. Within one batch a person is one registration;
    /// over the programme, persons are the sum of first appearances within that code.
    /// </summary>
    public const string Breakdowns = $"""
        SELECT f.dimension, f.code,
               sum(f.participants)::int,
               (CASE WHEN @batch_number::int IS NULL THEN sum(f.new_upgraded) ELSE sum(f.upgraded) END)::int,
               sum(f.upgraded)::int
        FROM outcome_figures f
        WHERE f.batch_id = ANY ({ProgrammeBatches}) AND f.dimension <> 'all'
        GROUP BY f.dimension, f.code
        """;

    /// <summary>
    /// The institutions a breakdown by institution lists: the partners of the programme's batches (or of the one
    /// batch) and any institution its registrations are assigned to.
    /// </summary>
    public const string Institutions = $"""
        SELECT i.id, i.code, i.name
        FROM institutions i
        WHERE i.id IN (SELECT bi.institution_id FROM batch_institutions bi JOIN batches b ON b.id = bi.batch_id
                       WHERE b.programme_id = @programme_id AND (@batch_number::int IS NULL OR b.number = @batch_number::int))
           OR i.id::text IN (SELECT f.code FROM outcome_figures f
                             WHERE f.batch_id = ANY ({ProgrammeBatches})
                               AND f.dimension = 'institution' AND f.participants > 0)
        ORDER BY i.name, i.code
        """;

    /// <summary>
    /// Every programme's totals (programmes without registrations included), newest year first, with the persons
    /// upgraded (high-performing) for the first time across all programmes, in the order of year and code.
    /// </summary>
    public const string Overall = """
        SELECT p.id, p.code, p.year, p.name,
               count(DISTINCT b.id)::int AS batches,
               coalesce(sum(f.participants), 0)::int, coalesce(sum(f.ahli_k3), 0)::int, coalesce(sum(f.new_upgraded), 0)::int,
               coalesce(sum(f.upgraded), 0)::int, coalesce(sum(f.completed_ahli_k3), 0)::int,
               coalesce(sum(f.high_performing_ahli_k3), 0)::int, coalesce(sum(f.new_high_performing), 0)::int,
               coalesce(sum(f.online), 0)::int, coalesce(sum(f.offline), 0)::int, coalesce(sum(f.completed), 0)::int,
               coalesce(sum(f.new_upgraded_overall), 0)::int, coalesce(sum(f.new_high_performing_overall), 0)::int
        FROM programmes p
        LEFT JOIN batches b ON b.programme_id = p.id
        LEFT JOIN outcome_figures f ON f.batch_id = b.id AND f.dimension = 'all' AND f.code = ''
        GROUP BY p.id
        ORDER BY p.year DESC, p.code DESC, p.id DESC
        """;
}
