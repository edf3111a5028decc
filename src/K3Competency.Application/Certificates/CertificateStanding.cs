using K3Competency.Application.Data;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace K3Competency.Application.Certificates;

/// <summary>
/// A live certificate that the data under it no longer supports (view certificate_standing): the registration
/// stopped completing or counting, its high-performing flag differs from what the certificate says, or the
/// holder's name changed. <see cref="StillCompletes"/>: a corrected certificate can be issued in its place.
/// </summary>
public sealed record UntrueCertificate(long CertificateId, string Number, long RegistrationId, int BatchId, bool StillCompletes, string Why);

/// <summary>What settling a write's untrue certificates did: the numbers revoked, and those issued in their place.</summary>
public sealed record Settlement(IReadOnlyList<string> Revoked, IReadOnlyList<string> Reissued)
{
    public static readonly Settlement None = new([], []);
}

/// <summary>
/// Whether a change breaks a certificate is read, never restated: the writer makes its change inside its
/// transaction, asks here which live certificates of the touched registrations no longer hold (the outcome comes
/// from registration_outcomes through certificate_standing), and rolls back, or revokes and reissues, before
/// commit. See Data/Sql/certificate_standing.v1.sql.
/// </summary>
public sealed class CertificateStanding(K3DbContext db)
{
    private const string Sql = """
        SELECT certificate_id, number, registration_id, batch_id, completed, counts,
               high_performing <> states_high_performing, full_name <> holder_name, states_high_performing
        FROM certificate_standing
        WHERE NOT holds AND registration_id IN ({0})
        ORDER BY number
        """;

    /// <summary>The untrue live certificates of these registrations, as the open transaction sees them.</summary>
    public Task<IReadOnlyList<UntrueCertificate>> UntrueAsync(IReadOnlyCollection<long> registrationIds, CancellationToken ct) =>
        ReadAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Sql, "SELECT unnest(@ids)"),
            p => p.AddWithValue("ids", registrationIds.ToArray()), ct);

    /// <summary>The untrue live certificates of the registrations a subquery names (an import's staging rows).</summary>
    internal Task<IReadOnlyList<UntrueCertificate>> UntrueAsync(string registrationIdsSql, Action<NpgsqlParameterCollection> parameters,
        CancellationToken ct) =>
        ReadAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Sql, registrationIdsSql), parameters, ct);

    /// <summary>The untrue live certificates of a programme (after a change of its thresholds, in the open transaction).</summary>
    public Task<IReadOnlyList<UntrueCertificate>> UntrueInProgrammeAsync(int programmeId, CancellationToken ct) =>
        UntrueAsync("SELECT c.registration_id FROM certificates c JOIN batches b ON b.id = c.batch_id WHERE b.programme_id = @programme AND c.revoked_at IS NULL",
            p => p.AddWithValue("programme", programmeId), ct);

    /// <summary>The untrue live certificates of a batch (after a change of its sessions, in the open transaction).</summary>
    public Task<IReadOnlyList<UntrueCertificate>> UntrueInBatchAsync(int batchId, CancellationToken ct) =>
        UntrueAsync("SELECT registration_id FROM certificates WHERE batch_id = @batch AND revoked_at IS NULL",
            p => p.AddWithValue("batch", batchId), ct);

    /// <summary>How many numbers a refusal over many certificates names before it counts the rest.</summary>
    public const int Named = 5;

    /// <summary>
    /// The refusal of a change to a programme or a batch that many certificates rest on: the first few numbers and a count,
    /// and the way forward (revoke them first, or confirm revoking them in the same save).
    /// </summary>
    public static string RefusalOfMany(IReadOnlyList<UntrueCertificate> untrue)
    {
        var named = string.Join(", ", untrue.Take(Named).Select(u => u.Number));
        var rest = untrue.Count > Named ? $" dan {Formats.Number(untrue.Count - Named)} lainnya" : "";
        return $"Perubahan ini membuat {Formats.Number(untrue.Count)} sertifikat yang sudah terbit tidak lagi benar: {named}{rest}. " +
               "Cabut sertifikat itu lebih dulu, atau centang “Cabut sertifikat yang tidak lagi benar” dan tulis alasannya untuk mencabutnya " +
               "dalam langkah yang sama; peserta yang masih lulus mendapat sertifikat pengganti dengan nomor baru.";
    }

    /// <summary>
    /// The refusal: which certificate, why it would be untrue, and the way forward (revoke it with a reason, and
    /// where the registration still completes a corrected one is issued in the same step).
    /// </summary>
    public static string Refusal(IReadOnlyList<UntrueCertificate> untrue)
    {
        var each = string.Join(" ", untrue.Select(u => $"Sertifikat {u.Number} tidak lagi benar bila perubahan ini disimpan: {u.Why}."));
        var forward = untrue.All(u => u.StillCompletes)
            ? "Untuk menyimpannya, cabut sertifikat itu dengan alasan; sertifikat yang benar diterbitkan dengan nomor baru dalam langkah yang sama."
            : untrue.Any(u => u.StillCompletes)
                ? "Untuk menyimpannya, cabut sertifikat itu dengan alasan; yang pesertanya masih lulus mendapat sertifikat yang benar dengan nomor baru."
                : "Untuk menyimpannya, cabut sertifikat itu dengan alasan (peserta tidak lagi lulus, jadi tidak ada sertifikat pengganti).";
        return each + " " + forward;
    }

    /// <summary>The row error of an import row whose change would make a certificate untrue (imports offer no revocation).</summary>
    public static string RowError(UntrueCertificate u) =>
        $"Sertifikat {u.Number} tidak lagi benar bila baris ini disimpan: {u.Why}. Cabut sertifikat itu lebih dulu (Staf Direktorat), " +
        "atau perbaiki lewat halaman koreksi peserta yang menawarkan pencabutan dan penerbitan ulang.";

    private async Task<IReadOnlyList<UntrueCertificate>> ReadAsync(string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        parameters(command.Parameters);
        var list = new List<UntrueCertificate>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var completed = reader.GetBoolean(4);
            var counts = reader.GetBoolean(5);
            var why = !counts ? "keikutsertaannya dibatalkan"
                : !completed ? "peserta tidak lagi lulus"
                : reader.GetBoolean(6) ? (reader.GetBoolean(8) ? "peserta tidak lagi berkinerja tinggi" : "peserta kini berkinerja tinggi, sedangkan sertifikat tidak menyatakannya")
                : "";
            if (reader.GetBoolean(7))
            {
                why = why.Length == 0 ? "nama peserta berubah dari nama yang tercetak" : why + ", dan nama peserta berubah dari nama yang tercetak";
            }
            list.Add(new UntrueCertificate(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3), completed, why));
        }
        return list;
    }
}
