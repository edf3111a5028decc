using K3Competency.Domain;
using NpgsqlTypes;

namespace K3Competency.Application.Imports;

/// <summary>A typed column of the staging table that <see cref="ImportKind.Parse"/> fills.</summary>
internal sealed record StagingColumn(string Name, string SqlType, NpgsqlDbType DbType);

/// <summary>A staging column filled by SQL after the COPY: its name and definition ("bigint", "boolean NOT NULL DEFAULT false").</summary>
internal sealed record ResolvedColumn(string Name, string Definition);

/// <summary>
/// What stateless parsing of a row needs: today's date in WIB for the NIK rule and the WIB zone; the batch's sessions
/// (number to id, and the sentence that names them for an error); for a meeting report, the session it is for.
/// </summary>
internal sealed record ParseContext(DateOnly Today, TimeZoneInfo Wib)
{
    public ImportSession? Session { get; init; }

    public IReadOnlyDictionary<int, int> SessionIds { get; init; } = new Dictionary<int, int>();

    public string SessionsHint { get; init; } = "";
}

/// <summary>The session a meeting report is for, with the programme's thresholds (DESIGN §10.1).</summary>
internal sealed record ImportSession(int Id, int Number, DateOnly Date, TimeOnly Start, TimeOnly End, int LateAfterMinutes, decimal OnlineMinPresentPercent);

/// <summary>The rows an import stages, one at a time: for the §6 kinds one per file row.</summary>
internal abstract class StagedRows : IDisposable
{
    /// <summary>The next row: its number, its cells as written (by <see cref="ImportKind.Columns"/>), typed values and errors.</summary>
    public abstract bool Next(out int rowNumber, out string?[] raw, object?[] values, RowErrors errors);

    /// <summary>Data rows read from the file (a meeting report stages one row per person, not per file row).</summary>
    public abstract int RowsRead { get; }

    public abstract void Dispose();
}

/// <summary>The staging table of the running import, for a kind's own steps: commands carry the run's parameters.</summary>
internal sealed class ImportSql(Func<string, Npgsql.NpgsqlCommand> command)
{
    public Npgsql.NpgsqlCommand Command(string sql) => command(sql);

    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var c = command(sql);
        await c.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>The errors of one row, found while parsing it; reused row after row.</summary>
internal sealed class RowErrors
{
    private readonly List<(string Column, string? Value, string Message)> _items = [];

    public int Count => _items.Count;

    public IReadOnlyList<(string Column, string? Value, string Message)> Items => _items;

    public void Add(string column, string? value, string message) => _items.Add((column, value, message));

    public void Clear() => _items.Clear();
}

/// <summary>
/// One file kind of DESIGN §6: its columns, how one row is parsed and checked on its own (in C#), and the
/// set-based SQL over the staging table for everything that needs other rows or the database (duplicates,
/// unknown NIK, institution scope), for the counts, and for the merge. The staging table is
/// <c>import_rows</c> (row_no, raw text[], err_col/err_val/err_msg text[], bad, then the typed columns),
/// errors found in SQL go to <c>import_errors</c>; see <see cref="ImportService"/>.
/// SQL parameters: @batch, @inst (the actor's institution), @scoped (actor is an institution admin), @now,
/// @user, @partners (int[]), @partner_hint, @upload (the recorded upload, in the merge).
/// </summary>
internal abstract class ImportKind
{
    public abstract UploadKind Kind { get; }

    /// <summary>The template's columns, in template order; cells arrive in this order.</summary>
    public abstract IReadOnlyList<ImportColumn> Columns { get; }

    /// <summary>Typed staging columns written by the COPY, in the order <see cref="Parse"/> fills them.</summary>
    public abstract IReadOnlyList<StagingColumn> Parsed { get; }

    /// <summary>Staging columns filled by SQL after the COPY.</summary>
    public abstract IReadOnlyList<ResolvedColumn> Resolved { get; }

    /// <summary>
    /// Opens the spooled upload as the rows to stage; refuses an unreadable file with <see cref="ImportFileException"/>.
    /// Reading stops with <paramref name="ct"/>: a client that went away ends the work (issue 10, finding 1).
    /// </summary>
    public abstract StagedRows Open(Stream file, string? fileName, ImportOptions options, ParseContext context, CancellationToken ct);

    /// <summary>
    /// Runs after <see cref="CheckSql"/> and the marking of bad rows, before errors are read: a kind's step that
    /// needs C# between the SQL (a meeting report combines two names found to be one participant).
    /// </summary>
    public virtual Task ResolveAsync(ImportSql sql, StagedRows rows, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The kind's own figures beside the counts (a meeting report's matches and statuses), or null.</summary>
    public virtual Task<object?> SummarizeAsync(ImportSql sql, StagedRows rows, bool writes, CancellationToken ct) => Task.FromResult<object?>(null);

    /// <summary>True when the upload's bytes are kept in PostgreSQL to be applied again (meeting reports).</summary>
    public virtual bool KeepsFile => false;

    /// <summary>
    /// The tables to analyse once an import of this kind that inserted at least <see cref="LargeInsert"/> rows has
    /// committed, or null. What the next import reads is planned on their statistics, and autovacuum takes up to a minute
    /// to notice a table that just grew by a file: an attendance file imported right after its registrations found each
    /// row's registration by a nested loop planned for one registration, twice the time of the plan for all of them.
    /// </summary>
    public virtual string? AnalyzedAfterLargeInsert => null;

    /// <summary>How many inserted rows make an import analyse <see cref="AnalyzedAfterLargeInsert"/>.</summary>
    public const int LargeInsert = 1000;

    /// <summary>Looks up database ids and adds cross-row and database errors to import_errors.</summary>
    public abstract string CheckSql { get; }

    /// <summary>Runs after invalid rows are marked bad: fills blank optional cells from the stored row.</summary>
    public abstract string CompleteSql { get; }

    /// <summary>One row: inserted, updated, unchanged, over the valid staging rows.</summary>
    public abstract string CountSql { get; }

    /// <summary>
    /// The set-based upsert of the valid rows; each of its statements is wrapped by <see cref="Recorded"/>, so the
    /// upload (@upload) can be undone.
    /// </summary>
    public abstract string MergeSql { get; }

    /// <summary>
    /// One write of the merge that records, in the same statement, what it changed (issue 12 undo): for every row it
    /// updated, its id, the xmin it left, and <paramref name="columns"/> and xmin as they were (upload_changes); for the
    /// rows it inserted, one row of upload_inserts with their ids and the xmin they share (ADR 0008, "Inserted rows").
    /// The candidates are the stored rows the write may update: those of <paramref name="table"/> whose id the staged
    /// row's <paramref name="stagedId"/> holds (resolved by the checks or <see cref="CompleteSql"/>), of the staged rows
    /// <paramref name="where"/> selects (alias s). A CTE reads the statement's snapshot, so it sees them before the write;
    /// rows the write leaves alone (its DO UPDATE … WHERE) return nothing and are not recorded. <paramref name="write"/>
    /// has no RETURNING.
    /// <para>Only staged rows with an id are joined, said in so many words: a file of new rows has none, and planned
    /// without that the join hashed the whole stored table (every attendance of every batch) to find nothing.</para>
    /// </summary>
    /// <remarks>
    /// A row another transaction inserted after <see cref="CompleteSql"/> is updated by the upsert but is not among the
    /// candidates: it is recorded with empty before-values (an upsert's freshly inserted rows have xmax 0, its updated ones
    /// not), so the undo refuses rather than deleting a row this upload did not insert. A plain UPDATE inserts nothing.
    /// Every row one statement inserts has the statement's (sub)transaction id as its xmin, so one xmin stands for all.
    /// </remarks>
    protected static string Recorded(string table, IReadOnlyList<string> columns, string stagedId, string where, string write, bool upsert = true) => $"""
        WITH stored AS (
            SELECT t.id, t.xmin, jsonb_build_object({string.Join(", ", columns.Select(c => $"'{c}', t.{c}"))}) AS before
            FROM {table} t JOIN import_rows s ON s.{stagedId} = t.id
            WHERE s.{stagedId} IS NOT NULL AND {where}),
        written AS (
            {write}
            RETURNING {table}.id, {table}.xmin, {(upsert ? $"{table}.xmax = 0" : "false")} AS inserted),
        inserted AS (
            INSERT INTO upload_inserts (upload_id, table_name, row_ids, after_xmin)
            SELECT @upload, '{table}', array_agg(w.id ORDER BY w.id), (array_agg(w.xmin))[1]
            FROM written w WHERE w.inserted AND NOT EXISTS (SELECT 1 FROM stored b WHERE b.id = w.id)
            HAVING count(*) > 0)
        INSERT INTO upload_changes (upload_id, table_name, row_id, before, before_xmin, after_xmin)
        SELECT @upload, '{table}', w.id, COALESCE(b.before, jsonb_build_object()), b.xmin, w.xmin
        FROM written w LEFT JOIN stored b ON b.id = w.id
        WHERE b.id IS NOT NULL OR NOT w.inserted;
        """;

    /// <summary>The column a row error names when the row would make a live certificate untrue.</summary>
    public abstract string CertificateColumn { get; }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }
        throw new ArgumentException($"No column {column} in {Kind}.", nameof(column));
    }

    /// <summary>The cell as written in the file, from the staging row's raw array (1-based in SQL).</summary>
    protected string Raw(string column) => $"s.raw[{IndexOf(column) + 1}]";

    protected static string Lit(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Every row of a key that occurs more than once is an error, naming up to five of the rows.</summary>
    protected string DuplicatesSql(string[] keys, string column, string messageBefore, string messageAfter)
    {
        var notNull = string.Join(" AND ", keys.Select(k => $"{k} IS NOT NULL"));
        var join = string.Join(" AND ", keys.Select(k => $"d.{k} = s.{k}"));
        var list = string.Join(", ", keys);
        return $"""
            WITH d AS (
                SELECT {list}, count(*) AS n, (array_agg(row_no ORDER BY row_no))[1:5] AS sample
                FROM import_rows WHERE {notNull} GROUP BY {list} HAVING count(*) > 1)
            INSERT INTO import_errors (row_no, col, val, msg)
            SELECT s.row_no, {Lit(column)}, {Raw(column)},
                   {Lit(messageBefore)} || array_to_string(d.sample, ', ') || CASE WHEN d.n > 5 THEN ', dan lainnya' ELSE '' END || {Lit(messageAfter)}
            FROM import_rows s JOIN d ON {join};
            """;
    }

    /// <summary>
    /// Attendance and results name registered participants whose registration is approved (DITERIMA); an institution
    /// admin only its own. A pending or rejected one (ResolveRegistrationSql leaves it unresolved) is named as such.
    /// </summary>
    protected string RegisteredParticipantSql => $"""
        INSERT INTO import_errors (row_no, col, val, msg)
        SELECT s.row_no, 'nik', {Raw("nik")},
               CASE WHEN s.registration_id IS NULL AND EXISTS (
                        SELECT 1 FROM participants p JOIN registrations r ON r.participant_id = p.id AND r.batch_id = @batch
                        WHERE p.nik = s.nik AND (NOT @scoped OR r.institution_id IS NOT DISTINCT FROM @inst))
                    THEN {Lit(Messages.NotApproved)}
                    WHEN @scoped THEN {Lit(Messages.NotYourParticipant)} ELSE {Lit(Messages.NotRegistered)} END
        FROM import_rows s
        WHERE s.nik IS NOT NULL
          AND (s.registration_id IS NULL OR (@scoped AND s.reg_institution_id IS DISTINCT FROM @inst));
        """;

    /// <summary>Finds the approved registration in this batch of each row's NIK (only DITERIMA takes attendance and scores).</summary>
    /// <remarks>
    /// The two columns are analysed once filled: the next statements are planned on them, and the statistics of before
    /// say every row is unmatched (the check for unregistered NIKs then hashed every registration of the batch).
    /// </remarks>
    protected const string ResolveRegistrationSql = """
        UPDATE import_rows s SET registration_id = r.id, reg_institution_id = r.institution_id
        FROM participants p JOIN registrations r ON r.participant_id = p.id AND r.batch_id = @batch AND r.status = 'DITERIMA'
        WHERE p.nik = s.nik;
        ANALYZE import_rows (registration_id, reg_institution_id);
        """;

    public static ImportKind For(UploadKind kind) => kind switch
    {
        UploadKind.Registrations => RegistrationImport.Instance,
        UploadKind.Attendance => AttendanceImport.Instance,
        UploadKind.MeetingReport => MeetingReports.MeetingReportImport.Instance,
        _ => ResultImport.Instance,
    };
}

/// <summary>A kind of DESIGN §6: a CSV or XLSX with the template's columns, one staged row per file row.</summary>
internal abstract class TemplateImportKind : ImportKind
{
    /// <summary>Checks one row on its own and fills the typed values (null where the cell is blank or wrong).</summary>
    public abstract void Parse(Cell[] cells, ParseContext context, object?[] values, RowErrors errors);

    public override StagedRows Open(Stream file, string? fileName, ImportOptions options, ParseContext context, CancellationToken ct) =>
        new TemplateRows(this, ImportFile.Open(file, fileName, Columns, options, ct), context, ct);

    private sealed class TemplateRows(TemplateImportKind kind, ImportFile file, ParseContext context, CancellationToken ct) : StagedRows
    {
        private readonly Cell[] _cells = new Cell[kind.Columns.Count];
        private int _rows;

        public override int RowsRead => _rows;

        public override bool Next(out int rowNumber, out string?[] raw, object?[] values, RowErrors errors)
        {
            if (!file.Read(_cells, out rowNumber, ct))
            {
                raw = [];
                return false;
            }
            _rows++;
            kind.Parse(_cells, context, values, errors);
            raw = Array.ConvertAll(_cells, c => CellRules.Shown(c.Text));
            return true;
        }

        public override void Dispose() => file.Dispose();
    }
}
