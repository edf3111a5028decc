using System.Collections.Concurrent;
using Npgsql;

namespace K3Competency.Application.CheckIn;

/// <summary>What a check-in needs to know of its session: its batch, its day, its start and the programme's late threshold.</summary>
public sealed record CheckInSession(int BatchId, DateOnly Date, TimeOnly Start, int LateAfterMinutes);

/// <summary>
/// The sessions being checked in to, kept in memory for <see cref="Seconds"/> seconds, so that a check-in in a crowd is
/// one statement (DESIGN §10.3, issue 13's bench). A change of a session's day or start time or of the programme's
/// threshold reaches the check-in at most that long after it is saved.
/// </summary>
public sealed class CheckInSessions(TimeProvider time)
{
    public const int Seconds = 30;

    private readonly ConcurrentDictionary<int, (CheckInSession? Session, DateTimeOffset Until)> _known = new();

    /// <summary>The session, from memory or read on <paramref name="connection"/> (open); null when there is none.</summary>
    public async Task<CheckInSession?> GetAsync(NpgsqlConnection connection, int sessionId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(sessionId, out var known) && known.Until > now)
        {
            return known.Session;
        }
        await using var command = new NpgsqlCommand("""
            SELECT s.batch_id, s.date, s.start_time, p.late_after_minutes
            FROM sessions s JOIN batches b ON b.id = s.batch_id JOIN programmes p ON p.id = b.programme_id
            WHERE s.id = @session
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int>("session", sessionId));
        CheckInSession? session = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                session = new CheckInSession(reader.GetInt32(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<TimeOnly>(2), reader.GetInt32(3));
            }
        }
        // A session that is not there is not remembered: it may be one being created.
        if (session is not null)
        {
            _known[sessionId] = (session, now.AddSeconds(Seconds));
        }
        return session;
    }
}
