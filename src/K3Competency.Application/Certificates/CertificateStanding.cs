using K3Competency.Application.Data;
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
