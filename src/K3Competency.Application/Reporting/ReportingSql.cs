namespace K3Competency.Application.Reporting;

/// <summary>
/// The SQL behind <see cref="ReportingService"/>. Every figure is one set-based statement over the
/// registrations; nothing is loaded row by row. The rules of DESIGN §4 live in <see cref="Registrations"/>
/// only, and mirror K3Competency.Domain.Rules.Completion.
/// </summary>
internal static class ReportingSql
{
    /// <summary>
    /// CTEs <c>scoped_batches</c> and <c>reg</c>: one row per registration with its DESIGN §4 flags.
    /// Parameters: <c>@programme_id</c> and <c>@batch_number</c>, either NULL for "all".
    /// <list type="bullet">
    /// <item>Only attendance on a session of the registration's own batch counts as present.</item>
    /// <item>The attendance threshold is compared as present*100 >= min*sessions, exactly, with no
    /// rounded percentage in between, so 4 of 5 sessions meets 80 and 2 of 3 does not meet 66.67.</item>
    /// <item>A batch without sessions completes nobody (sessions > 0).</item>
    /// <item>A missing post-test is not a pass (NULL >= x is not true; coalesced to false).</item>
    /// </list>
    /// </summary>
    private const string Registrations = """
        scoped_batches AS (
            SELECT b.id, b.programme_id, b.number,
                   (SELECT count(*) FROM sessions s WHERE s.batch_id = b.id) AS sessions
            FROM batches b
            WHERE (@programme_id::int IS NULL OR b.programme_id = @programme_id::int)
              AND (@batch_number::int IS NULL OR b.number = @batch_number::int)
        ),
        present AS (
            SELECT a.registration_id, se.batch_id, count(*) AS present
            FROM attendances a
            JOIN sessions se ON se.id = a.session_id
            JOIN scoped_batches sb ON sb.id = se.batch_id
            WHERE a.status IN ('HADIR', 'TERLAMBAT')
            GROUP BY a.registration_id, se.batch_id
        ),
        graded AS (
            SELECT r.id, r.participant_id, r.batch_id, sb.programme_id, sb.number AS batch_number,
                   r.category, r.expertise_field, r.attendance_mode, r.post_test_score,
                   r.category = 'AHLI_K3' AND pr.present IS NOT NULL AS upgraded,
                   coalesce(r.category = 'AHLI_K3'
                            AND sb.sessions > 0
                            AND coalesce(pr.present, 0) * 100 >= p.min_attendance_percent * sb.sessions
                            AND r.post_test_score >= p.passing_score, false) AS completed,
                   p.high_performance_score
            FROM registrations r
            JOIN scoped_batches sb ON sb.id = r.batch_id
            JOIN programmes p ON p.id = sb.programme_id
            LEFT JOIN present pr ON pr.registration_id = r.id AND pr.batch_id = r.batch_id
        ),
        reg AS (
            SELECT g.*, g.completed AND g.post_test_score >= g.high_performance_score AS high_performing
            FROM graded g
        )
        """;

    /// <summary>
    /// One row per batch of the programme (batches without registrations included), ordered by number,
    /// with the running distinct counts: a person is counted in the batch of their first upgraded
    /// (resp. high-performing) registration, and a running sum of those first appearances is the number of
    /// distinct persons through each batch. The programme totals ride along on every row (window over
    /// the whole set, scalar distinct counts), so no batch means no row and all-zero totals.
    /// </summary>
    public const string Summary = "WITH " + Registrations + """
        ,
        per_batch AS (
            SELECT sb.id AS batch_id, sb.number, sb.sessions,
                   count(reg.id) AS participants,
                   count(*) FILTER (WHERE reg.category = 'AHLI_K3') AS ahli_k3,
                   count(*) FILTER (WHERE reg.upgraded) AS upgraded,
                   count(*) FILTER (WHERE reg.completed) AS completed,
                   count(*) FILTER (WHERE reg.high_performing) AS high_performing,
                   count(*) FILTER (WHERE reg.attendance_mode = 'DARING') AS online,
                   count(*) FILTER (WHERE reg.attendance_mode = 'LURING') AS offline
            FROM scoped_batches sb
            LEFT JOIN reg ON reg.batch_id = sb.id
            GROUP BY sb.id, sb.number, sb.sessions
        ),
        first_upgraded AS (
            SELECT participant_id, min(batch_number) AS number FROM reg WHERE upgraded GROUP BY participant_id
        ),
        first_high AS (
            SELECT participant_id, min(batch_number) AS number FROM reg WHERE high_performing GROUP BY participant_id
        ),
        new_upgraded AS (SELECT number, count(*) AS persons FROM first_upgraded GROUP BY number),
        new_high AS (SELECT number, count(*) AS persons FROM first_high GROUP BY number)
        SELECT pb.number, pb.batch_id, b.start_date, b.end_date, b.mode, b.status, pb.sessions::int,
               pb.participants::int, pb.ahli_k3::int, pb.upgraded::int, pb.completed::int,
               pb.high_performing::int, pb.online::int, pb.offline::int,
               (sum(coalesce(nu.persons, 0)) OVER running)::int AS cumulative_upgraded,
               (sum(coalesce(nh.persons, 0)) OVER running)::int AS cumulative_high_performing,
               (sum(pb.upgraded) OVER running)::int AS cumulative_upgraded_participations,
               (sum(pb.participants) OVER everything)::int AS total_participants,
               (sum(pb.ahli_k3) OVER everything)::int AS total_ahli_k3,
               (SELECT count(*) FROM first_upgraded)::int AS total_upgraded_persons,
               (sum(pb.upgraded) OVER everything)::int AS total_upgraded_participations,
               (sum(pb.completed) OVER everything)::int AS total_completed,
               (sum(pb.high_performing) OVER everything)::int AS total_high_performing,
               (SELECT count(*) FROM first_high)::int AS total_high_performing_persons,
               (sum(pb.online) OVER everything)::int AS total_online,
               (sum(pb.offline) OVER everything)::int AS total_offline
        FROM per_batch pb
        JOIN batches b ON b.id = pb.batch_id
        LEFT JOIN new_upgraded nu ON nu.number = pb.number
        LEFT JOIN new_high nh ON nh.number = pb.number
        WINDOW running AS (ORDER BY pb.number), everything AS ()
        ORDER BY pb.number
        """;

    /// <summary>Four breakdowns in one scan: grouping sets, each row tagged with the set it belongs to.</summary>
    public const string Breakdowns = "WITH " + Registrations + """
        SELECT CASE WHEN GROUPING(reg.category) = 0 THEN 'category'
                    WHEN GROUPING(reg.expertise_field) = 0 THEN 'field'
                    WHEN GROUPING(pa.province_code) = 0 THEN 'province'
                    ELSE 'mode' END AS dimension,
               coalesce(reg.category::text, reg.expertise_field::text, pa.province_code::text, reg.attendance_mode::text) AS code,
               count(*)::int AS participants,
               (count(DISTINCT reg.participant_id) FILTER (WHERE reg.upgraded))::int AS upgraded
        FROM reg
        JOIN participants pa ON pa.id = reg.participant_id
        GROUP BY GROUPING SETS ((reg.category), (reg.expertise_field), (pa.province_code), (reg.attendance_mode))
        """;

    /// <summary>Per programme totals (programmes without registrations included) and the all-programme distinct counts on every row.</summary>
    public const string Overall = "WITH " + Registrations + """
        ,
        per_programme AS (
            SELECT p.id,
                   count(reg.id) AS participants,
                   count(*) FILTER (WHERE reg.category = 'AHLI_K3') AS ahli_k3,
                   count(DISTINCT reg.participant_id) FILTER (WHERE reg.upgraded) AS upgraded_persons,
                   count(*) FILTER (WHERE reg.upgraded) AS upgraded,
                   count(*) FILTER (WHERE reg.completed) AS completed,
                   count(*) FILTER (WHERE reg.high_performing) AS high_performing,
                   count(DISTINCT reg.participant_id) FILTER (WHERE reg.high_performing) AS high_performing_persons,
                   count(*) FILTER (WHERE reg.attendance_mode = 'DARING') AS online,
                   count(*) FILTER (WHERE reg.attendance_mode = 'LURING') AS offline
            FROM programmes p
            LEFT JOIN reg ON reg.programme_id = p.id
            GROUP BY p.id
        ),
        everyone AS (
            SELECT count(*) AS participants,
                   count(*) FILTER (WHERE category = 'AHLI_K3') AS ahli_k3,
                   count(DISTINCT participant_id) FILTER (WHERE upgraded) AS upgraded_persons,
                   count(*) FILTER (WHERE upgraded) AS upgraded,
                   count(DISTINCT participant_id) FILTER (WHERE high_performing) AS high_performing_persons
            FROM reg
        )
        SELECT p.id, p.code, p.year, p.name,
               (SELECT count(*) FROM batches b WHERE b.programme_id = p.id)::int AS batches,
               pp.participants::int, pp.ahli_k3::int, pp.upgraded_persons::int, pp.upgraded::int,
               pp.completed::int, pp.high_performing::int, pp.high_performing_persons::int,
               pp.online::int, pp.offline::int,
               e.participants::int AS all_participants, e.ahli_k3::int AS all_ahli_k3,
               e.upgraded_persons::int AS all_upgraded_persons, e.upgraded::int AS all_upgraded,
               e.high_performing_persons::int AS all_high_performing_persons
        FROM programmes p
        JOIN per_programme pp ON pp.id = p.id
        CROSS JOIN everyone e
        ORDER BY p.year DESC, p.code
        """;
}
