using K3Competency.Domain;
using K3Competency.Domain.Rules;
using NpgsqlTypes;

namespace K3Competency.Application.Imports;

/// <summary>
/// Results (DESIGN §6 table): pre- and post-test scores of a registration. "Inserted" counts registrations
/// that had no score yet, "updated" those whose scores changed.
/// </summary>
internal sealed class ResultImport : TemplateImportKind
{
    public static readonly ResultImport Instance = new();

    private static readonly IReadOnlyList<ImportColumn> TemplateColumns =
    [
        new("nik", true, "3578080102030001"),
        new("nilai_pre_test", false, "65"),
        new("nilai_post_test", true, "87,5"),
    ];

    private static readonly IReadOnlyList<StagingColumn> ParsedColumns =
    [
        new("nik", "char(16)", NpgsqlDbType.Char),
        new("pre_test", "numeric(4,1)", NpgsqlDbType.Numeric),
        new("post_test", "numeric(4,1)", NpgsqlDbType.Numeric),
    ];

    private const string HadNoScore = "(r.pre_test_score IS NULL AND r.post_test_score IS NULL)";
    private const string Changed = "(r.pre_test_score, r.post_test_score) IS DISTINCT FROM (s.pre_test, s.post_test)";

    public override UploadKind Kind => UploadKind.Results;
    public override IReadOnlyList<ImportColumn> Columns => TemplateColumns;
    public override IReadOnlyList<StagingColumn> Parsed => ParsedColumns;
    public override IReadOnlyList<ResolvedColumn> Resolved { get; } = [new("registration_id", "bigint"), new("reg_institution_id", "int")];

    public override void Parse(Cell[] cells, ParseContext context, object?[] values, RowErrors errors)
    {
        values[0] = CellRules.Nik(cells[0], context, errors)?.Value;
        values[1] = cells[1].IsBlank ? null : ScoreOf(cells[1], "nilai_pre_test", errors);
        values[2] = ScoreOf(cells[2], "nilai_post_test", errors);
    }

    private static decimal? ScoreOf(Cell cell, string column, RowErrors errors)
    {
        if (Score.TryParse(cell.Text, out var score, out var error))
        {
            return score;
        }
        errors.Add(column, CellRules.Shown(cell), error!);
        return null;
    }

    public override string CheckSql => $"""
        {ResolveRegistrationSql}
        {DuplicatesSql(["nik"], "nik", "NIK ini muncul lebih dari sekali dalam berkas (baris ", "). Setiap peserta cukup satu baris nilai; hapus baris gandanya.")}
        {RegisteredParticipantSql}
        """;

    public override string CertificateColumn => "nilai_post_test";

    public override string CompleteSql => """
        UPDATE import_rows s SET pre_test = r.pre_test_score
        FROM registrations r
        WHERE r.id = s.registration_id AND s.pre_test IS NULL AND NOT s.bad;
        """;

    public override string CountSql => $"""
        SELECT count(*) FILTER (WHERE {HadNoScore}),
               count(*) FILTER (WHERE NOT {HadNoScore} AND {Changed}),
               count(*) FILTER (WHERE NOT {HadNoScore} AND NOT {Changed})
        FROM import_rows s
        JOIN registrations r ON r.id = s.registration_id
        WHERE NOT s.bad
        """;

    public override string MergeSql { get; } = Recorded("registrations", UploadUndo.ScoreColumns,
        "registration_id", "NOT s.bad", """
        UPDATE registrations SET pre_test_score = s.pre_test, post_test_score = s.post_test, updated_at = @now
        FROM import_rows s
        WHERE registrations.id = s.registration_id AND NOT s.bad
          AND (registrations.pre_test_score, registrations.post_test_score) IS DISTINCT FROM (s.pre_test, s.post_test)
        """, upsert: false);
}
