namespace K3Competency.Application.MeetingReports;

/// <summary>How a report row tells a person's time (DESIGN §10.2).</summary>
internal enum PresenceKind
{
    /// <summary>One join and its leave (Zoom per join, Teams "In-Meeting Activities").</summary>
    Interval,
    /// <summary>First join, last leave and the time in between actually present (Teams "Participants", Google Meet).</summary>
    Span,
    /// <summary>Only a total (Zoom's unique-users form).</summary>
    Total,
}

/// <summary>
/// One person's time in a meeting, from any number of report rows: overlapping joins (two devices, a rejoin before
/// the old connection timed out) count once, and only time inside the session's window counts. A span row whose
/// duration is less than its length has gaps somewhere; inside the window it is credited at least what it must
/// have been there (duration less the part of the span outside the window). Totals without times cannot be
/// placed and count as they are, up to the window's length.
/// </summary>
internal sealed class Presence
{
    private readonly List<(DateTime Join, DateTime Leave)> _intervals = [];
    private readonly List<(DateTime Join, DateTime Leave, TimeSpan Duration)> _spans = [];
    private TimeSpan _totals;

    public void Add(PresenceKind kind, DateTime? join, DateTime? leave, TimeSpan? duration)
    {
        switch (kind)
        {
            case PresenceKind.Interval when join is { } j && leave is { } l:
                _intervals.Add((j, l < j ? j : l));
                break;
            case PresenceKind.Span when join is { } j && leave is { } l:
                var length = (l < j ? j : l) - j;
                _spans.Add((j, l < j ? j : l, duration is { } d && d < length ? d : length));
                break;
            case PresenceKind.Total when duration is { } total:
                _totals += total;
                break;
        }
    }

    /// <summary>Everything of another person's rows (two display names found to be one participant).</summary>
    public void Add(Presence other)
    {
        _intervals.AddRange(other._intervals);
        _spans.AddRange(other._spans);
        _totals += other._totals;
    }

    /// <summary>Minutes present inside [start, end), and the first join of a stretch that reaches into the window.</summary>
    public (double Minutes, DateTime? FirstJoin) In(DateTime start, DateTime end)
    {
        var window = end - start;
        TimeSpan present;
        if (_intervals.Count > 0)
        {
            // Spans of another device (Teams lists a person's summary row beside their activities) add nothing new.
            present = Union(_intervals, start, end);
        }
        else if (_spans.Count > 0)
        {
            var credited = TimeSpan.Zero;
            foreach (var (join, leave, duration) in _spans)
            {
                var clipped = Clip(join, leave, start, end);
                var outside = leave - join - clipped;
                var least = duration - outside;
                credited += least < TimeSpan.Zero ? TimeSpan.Zero : least < clipped ? least : clipped;
            }
            var union = Union([.. _spans.Select(s => (s.Join, s.Leave))], start, end);
            present = credited < union ? credited : union;
        }
        else
        {
            present = _totals < window ? _totals : window;
        }
        DateTime? first = null;
        foreach (var (join, leave) in _intervals.Concat(_spans.Select(s => (s.Join, s.Leave))))
        {
            if (leave > start && join < end && (first is null || join < first))
            {
                first = join;
            }
        }
        return (present.TotalMinutes, first);
    }

    public bool HasTimes => _intervals.Count > 0 || _spans.Count > 0;

    /// <summary>True when some row of this person lies (partly) inside the window.</summary>
    public bool Touches(DateTime start, DateTime end) =>
        _intervals.Any(i => i.Leave > start && i.Join < end) || _spans.Any(s => s.Leave > start && s.Join < end);

    private static TimeSpan Clip(DateTime join, DateTime leave, DateTime start, DateTime end)
    {
        var from = join > start ? join : start;
        var to = leave < end ? leave : end;
        return to > from ? to - from : TimeSpan.Zero;
    }

    private static TimeSpan Union(List<(DateTime Join, DateTime Leave)> intervals, DateTime start, DateTime end)
    {
        var clipped = intervals
            .Select(i => (From: i.Join > start ? i.Join : start, To: i.Leave < end ? i.Leave : end))
            .Where(i => i.To > i.From)
            .OrderBy(i => i.From)
            .ToList();
        var total = TimeSpan.Zero;
        DateTime? runFrom = null, runTo = null;
        foreach (var (from, to) in clipped)
        {
            if (runTo is { } rt && from <= rt)
            {
                if (to > rt)
                {
                    runTo = to;
                }
                continue;
            }
            if (runFrom is { } rf && runTo is { } rt2)
            {
                total += rt2 - rf;
            }
            runFrom = from;
            runTo = to;
        }
        if (runFrom is { } f && runTo is { } t)
        {
            total += t - f;
        }
        return total;
    }
}
