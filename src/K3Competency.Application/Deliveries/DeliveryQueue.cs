using System.Data;
using K3Competency.Application.Data;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace K3Competency.Application.Deliveries;

/// <summary>A mail a sender has claimed: it holds the row until <see cref="Until"/> and proves it with <see cref="Token"/>.</summary>
public sealed record ClaimedDelivery(long Id, string Email, int Attempts, string VerificationCode, Guid Token, DateTime Until);

/// <summary>What a sender gets when it asks for the next mail: one to send, a wait (the throttle), or nothing left that is due.</summary>
public readonly record struct Claim(ClaimedDelivery? Delivery, TimeSpan Wait)
{
    public bool IsEmpty => Delivery is null && Wait <= TimeSpan.Zero;
}

/// <summary>
/// The deliveries table as a work queue, in set-based SQL. Who may be mailed is decided once, by
/// <see cref="CandidatesCte"/>; a mail is claimed (FOR UPDATE SKIP LOCKED, so concurrent senders on any
/// instance never take the same row) before the server is contacted, and marked right after it answered,
/// each only while the claim token still matches. So a mail the server accepted is recorded before the next
/// one starts, and a crash leaves at most the one in flight to be sent again.
/// </summary>
public sealed class DeliveryQueue(K3DbContext db)
{
    private static readonly string Queued = DeliveryStatus.Queued.ToCode();
    private static readonly string Sent = DeliveryStatus.Sent.ToCode();
    private static readonly string Failed = DeliveryStatus.Failed.ToCode();

    // Every valid certificate of the batch, its holder's current address in stored form (trimmed, lower
    // case; null when none) and the delivery row for that certificate and address, if there is one.
    private static readonly string CandidatesCte = """
        WITH candidates AS (
            SELECT c.id AS certificate_id, c.batch_id, c.sequence, c.number, c.verification_code, p.full_name,
                   nullif(lower(btrim(coalesce(p.email, ''))), '') AS email, d.id AS delivery_id, d.status
            FROM certificates c
            JOIN registrations r ON r.id = c.registration_id
            JOIN participants p ON p.id = r.participant_id
            LEFT JOIN deliveries d ON d.certificate_id = c.id AND d.email = nullif(lower(btrim(coalesce(p.email, ''))), '')
            WHERE c.batch_id = @batch AND c.revoked_at IS NULL
        )
        """;

    private static readonly string CandidatesSql = CandidatesCte + """
        SELECT number, full_name, email, status, verification_code FROM candidates ORDER BY sequence
        """;

    private static readonly string EnqueueSql = CandidatesCte + $"""
        INSERT INTO deliveries (certificate_id, batch_id, email, status, attempts, queued_at, queued_by, next_attempt_at)
        SELECT certificate_id, batch_id, email, '{Queued}', 0, @now, @by, @now
        FROM candidates
        WHERE email IS NOT NULL AND delivery_id IS NULL
        ORDER BY sequence
        ON CONFLICT (certificate_id, email) DO NOTHING
        """;

    // Staff asks again: the failed mails (or one mail) to the holder's current address go back in the queue
    // with a fresh count of attempts. A failed mail to an address the holder no longer has stays as it was.
    private static readonly string RequeueSql = CandidatesCte + $"""
        UPDATE deliveries d
        SET status = '{Queued}', attempts = 0, last_error = NULL, queued_at = @now, queued_by = @by, next_attempt_at = @now,
            claimed_until = NULL, claim_token = NULL, sent_at = NULL
        FROM candidates c
        WHERE d.id = c.delivery_id AND d.status <> '{Queued}' AND (@one::bigint IS NULL AND d.status = '{Failed}' OR d.id = @one)
        """;

    private const string LockBatchSql = "SELECT 1 FROM batches WHERE id = @batch FOR NO KEY UPDATE";

    // One throttle for every sender of every instance: the advisory lock orders the claims, and the last
    // attempt anywhere says when the next may start.
    private const long ThrottleLock = 0x4B33_4D41_494C; // "K3MAIL"
    private const string ThrottleSql = "SELECT pg_advisory_xact_lock(@lock); SELECT max(last_attempt_at) FROM deliveries";

    private static readonly string ClaimSql = $"""
        UPDATE deliveries d
        SET attempts = d.attempts + 1, last_attempt_at = @now, claimed_until = @until, claim_token = @token, claimed_by = @node
        FROM (
            SELECT id FROM deliveries
            WHERE batch_id = @batch AND status = '{Queued}' AND next_attempt_at <= @now
              AND (claimed_until IS NULL OR claimed_until < @now)
            ORDER BY next_attempt_at, id
            LIMIT 1
            FOR UPDATE SKIP LOCKED
        ) next, certificates c
        WHERE d.id = next.id AND c.id = d.certificate_id
        RETURNING d.id, d.email, d.attempts, c.verification_code
        """;

    private static readonly string SentSql = $"""
        UPDATE deliveries SET status = '{Sent}', sent_at = @now, last_error = NULL, claimed_until = NULL, claim_token = NULL
        WHERE id = @id AND claim_token = @token
        """;

    private static readonly string RetrySql = $"""
        UPDATE deliveries SET last_error = @error, next_attempt_at = @next, claimed_until = NULL, claim_token = NULL
        WHERE id = @id AND claim_token = @token
        """;

    private static readonly string FailSql = $"""
        UPDATE deliveries SET status = '{Failed}', last_error = @error, claimed_until = NULL, claim_token = NULL
        WHERE id = @id AND claim_token = @token
        """;

    // When a batch next has a mail to try: its earliest back-off, or the end of a claim whose sender may have died.
    private static readonly string NextDueSql = $"""
        SELECT min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at))) FROM deliveries
        WHERE batch_id = @batch AND status = '{Queued}'
        """;

    public sealed record Candidate(string Number, string ParticipantName, string? Email, DeliveryStatus? Status, string VerificationCode);

    public async Task<IReadOnlyList<Candidate>> CandidatesAsync(int batchId, CancellationToken ct)
    {
        await using var command = await CommandAsync(CandidatesSql, ct);
        command.Parameters.AddWithValue("batch", batchId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<Candidate>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new Candidate(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : Codes.Parse<DeliveryStatus>(reader.GetString(3)), reader.GetString(4)));
        }
        return list;
    }

    /// <summary>Takes the batch row's lock for the current transaction: false when there is no such batch.</summary>
    public async Task<bool> LockBatchAsync(int batchId, CancellationToken ct)
    {
        await using var command = await CommandAsync(LockBatchSql, ct);
        command.Parameters.AddWithValue("batch", batchId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Queues every valid certificate whose holder has an address it was not yet queued for; returns how many.</summary>
    public async Task<int> EnqueueAsync(int batchId, string userId, DateTime now, CancellationToken ct)
    {
        await using var command = await CommandAsync(EnqueueSql, ct);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("by", userId);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Queues again the batch's failed mails (<paramref name="deliveryId"/> null), or that one mail whatever its state.</summary>
    public async Task<int> RequeueAsync(int batchId, long? deliveryId, string userId, DateTime now, CancellationToken ct)
    {
        await using var command = await CommandAsync(RequeueSql, ct);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("by", userId);
        command.Parameters.Add(new NpgsqlParameter("one", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)deliveryId ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Claims the batch's next due mail for <paramref name="lease"/>. With a throttle, answers a wait instead
    /// when the last attempt anywhere was less than <paramref name="spacing"/> ago.
    /// </summary>
    public async Task<Claim> ClaimAsync(int batchId, string node, DateTime now, TimeSpan lease, TimeSpan spacing, CancellationToken ct)
    {
        await OpenAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        if (spacing > TimeSpan.Zero)
        {
            await using var throttle = Command(ThrottleSql, tx);
            throttle.Parameters.AddWithValue("lock", ThrottleLock);
            await using var reader = await throttle.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            if (!reader.IsDBNull(0) && reader.GetDateTime(0) + spacing is var allowed && allowed > now)
            {
                return new Claim(null, allowed - now);
            }
        }
        var token = Guid.NewGuid();
        var until = now + lease;
        ClaimedDelivery? claimed = null;
        await using (var claim = Command(ClaimSql, tx))
        {
            claim.Parameters.AddWithValue("batch", batchId);
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("until", until);
            claim.Parameters.AddWithValue("token", token);
            claim.Parameters.AddWithValue("node", node);
            await using var reader = await claim.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                claimed = new ClaimedDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), token, until);
            }
        }
        await tx.CommitAsync(ct);
        return new Claim(claimed, TimeSpan.Zero);
    }

    /// <summary>The server took the mail. False when the claim had been lost (another sender took the row over).</summary>
    public Task<bool> MarkSentAsync(ClaimedDelivery d, DateTime now) =>
        ExecuteAsync(SentSql, d, p => p.AddWithValue("now", now));

    public Task<bool> MarkRetryAsync(ClaimedDelivery d, string error, DateTime next) =>
        ExecuteAsync(RetrySql, d, p =>
        {
            p.AddWithValue("error", error);
            p.AddWithValue("next", next);
        });

    public Task<bool> MarkFailedAsync(ClaimedDelivery d, string error) =>
        ExecuteAsync(FailSql, d, p => p.AddWithValue("error", error));

    public async Task<DateTime?> NextDueAsync(int batchId, CancellationToken ct)
    {
        await using var command = await CommandAsync(NextDueSql, ct);
        command.Parameters.AddWithValue("batch", batchId);
        return await command.ExecuteScalarAsync(ct) is DateTime due ? due : null;
    }

    // Marking runs whatever the job's cancellation says: the server has already answered.
    private async Task<bool> ExecuteAsync(string sql, ClaimedDelivery d, Action<NpgsqlParameterCollection> parameters)
    {
        await using var command = await CommandAsync(sql, CancellationToken.None);
        command.Parameters.AddWithValue("id", d.Id);
        command.Parameters.AddWithValue("token", d.Token);
        parameters(command.Parameters);
        return await command.ExecuteNonQueryAsync(CancellationToken.None) == 1;
    }

    private async Task<NpgsqlCommand> CommandAsync(string sql, CancellationToken ct)
    {
        await OpenAsync(ct);
        return Command(sql, db.Database.CurrentTransaction);
    }

    private NpgsqlCommand Command(string sql, IDbContextTransaction? tx) =>
        new(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)tx?.GetDbTransaction());

    private async Task OpenAsync(CancellationToken ct)
    {
        if (db.Database.GetDbConnection().State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
    }
}
