using System.Text;
using System.Text.RegularExpressions;
using K3Competency.Application.Imports;
using nietras.SeparatedValues;

namespace K3Competency.Application.MeetingReports;

public enum MeetingPlatform { Zoom, Teams, GoogleMeet }

/// <summary>One data row of a report: who, and the time it tells (see <see cref="PresenceKind"/>).</summary>
internal sealed record MeetingRow(int Row, string Name, string? OriginalName, string? Email, PresenceKind Kind,
    DateTime? Join, DateTime? Leave, TimeSpan? Duration, MeetingRowError? Error);

/// <summary>A cell of a report row that cannot be read: the column as the report names it, the value, what is wrong.</summary>
internal sealed record MeetingRowError(string Column, string? Value, string Message);

/// <summary>
/// Reads an online-meeting participant report exactly as the platform exports it (DESIGN §10.2), streaming: the
/// platform is told by the content (header names and section titles), never by the file name; the text may be
/// UTF-8 (with or without BOM) or UTF-16 (Teams); CSV through Sep, with the delimiter the platform uses.
/// <list type="bullet">
/// <item>Zoom: an optional meeting block (Meeting ID, Topic, ...) and a blank line, then either one row per join
/// (Name (Original Name), User Email, Join Time, Leave Time, Duration (Minutes), Guest, and any further columns) or
/// the unique-users form (Name (Original Name), User Email, Total Duration (Minutes), Guest).</item>
/// <item>Microsoft Teams: numbered sections; "2. Participants" gives first join, last leave and time in meeting per
/// person, "3. In-Meeting Activities" one row per join, which is used where present.</item>
/// <item>Google Meet: First name, Last name, Email, Duration, Time joined, Time exited.</item>
/// </list>
/// </summary>
internal static partial class MeetingReportReader
{
    public const string SupportedFormats =
        "Format yang didukung: laporan peserta Zoom (CSV, per kali bergabung atau pengguna unik, dengan atau tanpa blok data rapat), " +
        "laporan kehadiran Microsoft Teams (CSV UTF-16 atau UTF-8 dengan bagian \"1. Summary\", \"2. Participants\", \"3. In-Meeting Activities\"), " +
        "dan laporan kehadiran Google Meet (CSV: First name, Last name, Email, Duration, Time joined, Time exited). " +
        "Unggah berkas persis seperti diunduh dari platformnya, tanpa diubah di Excel.";

    private const string Unknown = "Format laporan rapat tidak dikenali. " + SupportedFormats;

    public static string DisplayName(MeetingPlatform platform) => platform switch
    {
        MeetingPlatform.Zoom => "Zoom",
        MeetingPlatform.Teams => "Microsoft Teams",
        _ => "Google Meet",
    };

    /// <summary>Tells the platform and delimiter from the first lines; throws <see cref="ImportFileException"/> (400) otherwise.</summary>
    public static (MeetingPlatform Platform, char Delimiter, Encoding Encoding) Detect(Stream file)
    {
        var encoding = EncodingOf(file);
        file.Position = 0;
        using var text = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        try
        {
            for (var line = 0; line < 60; line++)
            {
                var raw = text.ReadLine();
                if (raw is null)
                {
                    break;
                }
                var l = raw.Trim().Trim('\uFEFF').Replace("\"", "", StringComparison.Ordinal).ToLowerInvariant();
                if (l.Length == 0)
                {
                    continue;
                }
                if (l.StartsWith("name (original name)", StringComparison.Ordinal) || MeetingBlock().IsMatch(l))
                {
                    return (MeetingPlatform.Zoom, l.Contains('\t', StringComparison.Ordinal) ? '\t' : ',', encoding);
                }
                if (TeamsSection().IsMatch(l) || (l.Contains("first join", StringComparison.Ordinal) && l.Contains("last leave", StringComparison.Ordinal)))
                {
                    return (MeetingPlatform.Teams, '\t', encoding);
                }
                if (l.StartsWith("first name", StringComparison.Ordinal) && l.Contains("time joined", StringComparison.Ordinal))
                {
                    return (MeetingPlatform.GoogleMeet, l.Contains(';', StringComparison.Ordinal) && !l.Contains(',', StringComparison.Ordinal) ? ';' : ',', encoding);
                }
            }
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException("Berkas laporan bukan teks yang dapat dibaca (UTF-8 atau UTF-16). " + SupportedFormats);
        }
        finally
        {
            file.Position = 0;
        }
        throw new ImportFileException(Unknown);
    }

    /// <summary>The data rows of the report, in file order, one at a time.</summary>
    public static IEnumerable<MeetingRow> Rows(Stream file, MeetingPlatform platform, char delimiter, Encoding encoding, MeetingClock clock)
    {
        file.Position = 0;
        using var text = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        // Teams separates with tabs, but its UTF-8 variant may use commas: a Teams header line tells which.
        if (platform == MeetingPlatform.Teams)
        {
            delimiter = TeamsDelimiter(file, encoding);
            file.Position = 0;
            text.DiscardBufferedData();
        }
        using var reader = Sep.New(delimiter).Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        Layout? layout = null;
        var cells = new List<string>();
        while (true)
        {
            try
            {
                if (!reader.MoveNext())
                {
                    yield break;
                }
            }
            catch (DecoderFallbackException)
            {
                throw new ImportFileException("Berkas laporan bukan teks yang dapat dibaca (UTF-8 atau UTF-16). " + SupportedFormats);
            }
            var row = reader.Current;
            cells.Clear();
            var blank = true;
            for (var i = 0; i < row.ColCount; i++)
            {
                var cell = row[i].ToString().Trim().Trim('\uFEFF');
                blank &= cell.Length == 0;
                cells.Add(cell);
            }
            if (blank)
            {
                continue;
            }
            if (TeamsSection().IsMatch(cells[0].ToLowerInvariant()))
            {
                // A new section: its own header follows; the summary's key-value lines are no data.
                layout = null;
                continue;
            }
            if (Layout.Of(cells) is { } header)
            {
                layout = header;
                continue;
            }
            if (layout is null || layout.IsMeetingBlock)
            {
                continue;
            }
            if (layout.Read(cells, row.RowIndex + 1, clock) is { } data)
            {
                yield return data;
            }
        }
    }

    private static char TeamsDelimiter(Stream file, Encoding encoding)
    {
        using var text = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        for (var line = 0; line < 200 && text.ReadLine() is { } l; line++)
        {
            var lower = l.ToLowerInvariant();
            if (lower.Contains("join", StringComparison.Ordinal) && lower.Contains("name", StringComparison.Ordinal))
            {
                return lower.Contains('\t', StringComparison.Ordinal) ? '\t' : lower.Contains(';', StringComparison.Ordinal) ? ';' : ',';
            }
        }
        return '\t';
    }

    /// <summary>UTF-16 by its BOM (Teams) or by the zero bytes of ASCII text without one; UTF-8 otherwise, strictly.</summary>
    private static Encoding EncodingOf(Stream file)
    {
        Span<byte> head = stackalloc byte[512];
        file.Position = 0;
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        head = head[..n];
        if (n >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true);
        }
        if (n >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true);
        }
        var oddZeros = 0;
        for (var i = 1; i < n; i += 2)
        {
            oddZeros += head[i] == 0 ? 1 : 0;
        }
        if (n >= 8 && oddZeros * 2 >= n / 2)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
        }
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    }

    /// <summary>Zoom's "Display (Original)": the name shown in the meeting, and the account's name when it was renamed.</summary>
    public static (string Display, string? Original) SplitZoomName(string cell)
    {
        var m = RenamedUser().Match(cell);
        return m.Success && m.Groups[1].Value.Trim().Length > 0
            ? (m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim() is { Length: > 0 } o ? o : null)
            : (cell.Trim(), null);
    }

    [GeneratedRegex(@"^meeting id\s*[,\t;]")]
    private static partial Regex MeetingBlock();

    [GeneratedRegex(@"^\d\.\s*(summary|participants|in-meeting activities|ringkasan|peserta|aktivitas)")]
    private static partial Regex TeamsSection();

    [GeneratedRegex(@"^(.*?)\s*\(([^()]*)\)\s*$")]
    private static partial Regex RenamedUser();

    /// <summary>A recognised header row and where its columns are.</summary>
    private sealed class Layout
    {
        private int _name = -1, _first = -1, _last = -1, _email = -1, _upn = -1, _join = -1, _leave = -1, _duration = -1, _waiting = -1;
        private string[] _names = [];
        private PresenceKind _kind;
        private bool _zoomNames;

        public bool IsMeetingBlock { get; private set; }

        public static Layout? Of(List<string> cells)
        {
            var names = cells.Select(c => string.Join(' ', c.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
            int At(params string[] options) => Array.FindIndex(names, n => options.Contains(n));
            if (At("meeting id") == 0)
            {
                return new Layout { IsMeetingBlock = true };
            }
            var layout = new Layout
            {
                _names = [.. cells],
                _name = At("name (original name)", "name", "full name", "nama"),
                _first = At("first name"),
                _last = At("last name"),
                _email = At("user email", "email", "e-mail", "email address"),
                _upn = At("participant id (upn)"),
                _waiting = At("in waiting room"),
            };
            layout._zoomNames = layout._name >= 0 && names[layout._name] == "name (original name)";
            var join = At("join time", "time joined");
            var leave = At("leave time", "time exited");
            var firstJoin = At("first join");
            var lastLeave = At("last leave");
            var duration = At("duration (minutes)", "duration", "in-meeting duration");
            var total = At("total duration (minutes)");
            if (layout._name < 0 && layout._first < 0)
            {
                return null;
            }
            if (join >= 0 && leave >= 0)
            {
                // Google Meet's "Time joined/Time exited" are the first join and the last exit of the person.
                layout._kind = layout._first >= 0 ? PresenceKind.Span : PresenceKind.Interval;
                (layout._join, layout._leave, layout._duration) = (join, leave, duration);
                return layout;
            }
            if (firstJoin >= 0 && lastLeave >= 0)
            {
                layout._kind = PresenceKind.Span;
                (layout._join, layout._leave, layout._duration) = (firstJoin, lastLeave, duration);
                return layout;
            }
            if (total >= 0)
            {
                layout._kind = PresenceKind.Total;
                layout._duration = total;
                return layout;
            }
            return null;
        }

        public MeetingRow? Read(List<string> cells, int rowNumber, MeetingClock clock)
        {
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i] : "";
            if (_waiting >= 0 && Cell(_waiting).ToLowerInvariant() is "yes" or "ya" or "true")
            {
                // Time in Zoom's waiting room is no time in the meeting.
                return null;
            }
            string name;
            string? original = null;
            if (_first >= 0)
            {
                name = $"{Cell(_first)} {Cell(_last)}".Trim();
            }
            else if (_zoomNames)
            {
                (name, original) = SplitZoomName(Cell(_name));
            }
            else
            {
                name = Cell(_name);
            }
            var email = Cell(_email) is { Length: > 0 } e && e.Contains('@', StringComparison.Ordinal) ? e
                : Cell(_upn) is { Length: > 0 } u && u.Contains('@', StringComparison.Ordinal) ? u : null;
            if (name.Length == 0 && email is null)
            {
                return null;
            }
            MeetingRowError? error = null;
            DateTime? join = null, leave = null;
            TimeSpan? duration = null;
            if (_join >= 0)
            {
                if (clock.TryParse(Cell(_join), out var j))
                {
                    join = j;
                }
                else
                {
                    error = TimeError(_names[_join], Cell(_join));
                }
                if (clock.TryParse(Cell(_leave), out var l))
                {
                    // Google Meet gives bare times: a leave before the join is past midnight.
                    leave = join is { } jj && l < jj && _first >= 0 ? l.AddDays(1) : l;
                }
                else
                {
                    error ??= TimeError(_names[_leave], Cell(_leave));
                }
            }
            if (_duration >= 0 && Cell(_duration).Length > 0)
            {
                if (MeetingClock.TryDuration(Cell(_duration), out var d))
                {
                    duration = d;
                }
                else if (_kind == PresenceKind.Total)
                {
                    error ??= new MeetingRowError(_names[_duration], Cell(_duration),
                        $"Durasi \"{Cell(_duration)}\" tidak dapat dibaca; laporan Zoom menulis menit sebagai angka, mis. 244.");
                }
            }
            return new MeetingRow(rowNumber, name.Length > 0 ? name : email!, original, email?.ToLowerInvariant(), _kind, join, leave, duration, error);
        }

        private static MeetingRowError TimeError(string column, string value) =>
            new(column, value, $"Waktu \"{value}\" tidak dapat dibaca. Unggah laporan persis seperti diunduh dari platform rapat " +
                               "(mis. 11/16/2023 08:02:11 AM), tanpa dibuka dan disimpan ulang di Excel.");
    }
}
