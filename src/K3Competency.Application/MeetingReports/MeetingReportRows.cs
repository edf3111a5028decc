using System.Globalization;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Domain.Rules;

namespace K3Competency.Application.MeetingReports;

/// <summary>
/// A report read into persons: rows of one e-mail (or, without one, of one name) are one person, whose time is
/// merged and clipped to the session's window and turned into a status by <see cref="SessionTiming.Online"/>. The
/// file is read as a stream; what is kept is one small record per person, which a meeting's size bounds.
/// </summary>
internal sealed class MeetingReportRows : StagedRows
{
    private readonly List<Person> _people;
    private readonly Dictionary<int, Person> _byRow;
    private readonly ImportSession _session;
    private readonly DateTime _start;
    private readonly DateTime _end;
    private int _next;

    private MeetingReportRows(MeetingPlatform platform, List<Person> people, int rows, ImportSession session)
    {
        Platform = platform;
        _people = people;
        _byRow = people.ToDictionary(p => p.FirstRow);
        RowsRead = rows;
        _session = session;
        (_start, _end) = SessionTiming.Window(session.Date, session.Start, session.End);
    }

    public MeetingPlatform Platform { get; }

    public override int RowsRead { get; }

    public IReadOnlyList<Person> People => _people;

    public static MeetingReportRows Read(Stream file, ImportSession session, DateOnly today, CancellationToken ct = default)
    {
        var (platform, delimiter, encoding) = MeetingReportReader.Detect(file);
        var clock = new MeetingClock(session.Date);
        var people = new List<Person>();
        var byKey = new Dictionary<string, Person>(StringComparer.Ordinal);
        var rows = 0;
        foreach (var row in MeetingReportReader.Rows(file, platform, delimiter, encoding, clock))
        {
            // The whole report is read here, before the first COPY: a client that went away ends it.
            ct.ThrowIfCancellationRequested();
            rows++;
            var key = row.Email is { } e ? "e:" + e : "n:" + (row.Name + "\u0001" + row.OriginalName).ToLowerInvariant();
            if (!byKey.TryGetValue(key, out var person))
            {
                person = new Person(row.Row, row.Name, row.OriginalName, row.Email, NikIn(row.Name, today) ?? NikIn(row.OriginalName, today));
                byKey[key] = person;
                people.Add(person);
            }
            person.Rows.Add(row.Row);
            if (row.Error is { } error)
            {
                person.Error ??= error with
                {
                    Message = row.Row == person.FirstRow ? error.Message : $"Baris {row.Row}: {error.Message}",
                };
                continue;
            }
            person.Presence.Add(row.Kind, row.Join, row.Leave, row.Duration);
        }
        if (people.Count == 0)
        {
            throw new ImportFileException($"Laporan {MeetingReportReader.DisplayName(platform)} ini tidak berisi peserta di bawah baris judulnya.");
        }
        var result = new MeetingReportRows(platform, people, rows, session);
        if (people.Any(p => p.Presence.HasTimes) && !people.Any(p => p.Presence.Touches(result._start, result._end)))
        {
            throw new ImportFileException(
                $"Tidak ada waktu dalam laporan ini yang jatuh pada sesi {session.Number} ({Formats.Date(session.Date)}, " +
                $"{Formats.Time(session.Start)}–{Formats.Time(session.End)} WIB). Periksa bahwa laporan ini untuk sesi yang dipilih.");
        }
        return result;
    }

    public override bool Next(out int rowNumber, out string?[] raw, object?[] values, RowErrors errors)
    {
        if (_next >= _people.Count)
        {
            rowNumber = 0;
            raw = [];
            return false;
        }
        var p = _people[_next++];
        rowNumber = p.FirstRow;
        var (minutes, firstJoin, status) = Outcome(p.Presence);
        raw =
        [
            p.OriginalName is null ? p.DisplayName : $"{p.DisplayName} ({p.OriginalName})",
            p.Email,
            Math.Round(minutes).ToString(CultureInfo.InvariantCulture),
            string.Join(", ", p.Rows.Take(20)),
        ];
        values[0] = p.DisplayName;
        values[1] = p.OriginalName;
        values[2] = p.Email;
        values[3] = p.Nik;
        values[4] = minutes;
        values[5] = firstJoin;
        values[6] = status.ToCode();
        if (p.Error is { } e)
        {
            errors.Add(e.Column, e.Value, e.Message);
        }
        return true;
    }

    /// <summary>The merged time of the persons staged at these rows, found to be one registration.</summary>
    public (double Minutes, DateTime? FirstJoin, AttendanceStatus Status) Combined(IEnumerable<int> rows)
    {
        var merged = new Presence();
        foreach (var row in rows)
        {
            merged.Add(_byRow[row].Presence);
        }
        return Outcome(merged);
    }

    private (double Minutes, DateTime? FirstJoin, AttendanceStatus Status) Outcome(Presence presence)
    {
        var (minutes, firstJoin) = presence.In(_start, _end);
        var status = SessionTiming.Online(minutes, (_end - _start).TotalMinutes, _session.OnlineMinPresentPercent, _start, firstJoin,
            _session.LateAfterMinutes);
        return (minutes, firstJoin, status);
    }

    public override void Dispose()
    {
    }

    /// <summary>A valid NIK written into a display name ("3578080102900001_Budi", "Budi 3578 0801 0290 0001").</summary>
    private static string? NikIn(string? name, DateOnly today)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        foreach (System.Text.RegularExpressions.Match m in MeetingReportImport.NikLike().Matches(name))
        {
            if (Nik.Parse(m.Value, today).Nik is { } nik)
            {
                return nik.Value;
            }
        }
        return null;
    }

    /// <summary>One person of the report.</summary>
    internal sealed class Person(int firstRow, string displayName, string? originalName, string? email, string? nik)
    {
        public int FirstRow { get; } = firstRow;
        public string DisplayName { get; } = displayName;
        public string? OriginalName { get; } = originalName;
        public string? Email { get; } = email;
        public string? Nik { get; } = nik;
        public List<int> Rows { get; } = [];
        public Presence Presence { get; } = new();
        public MeetingRowError? Error { get; set; }
    }
}
