using System.Security.Cryptography;
using System.Text;
using K3Competency.Application.Auditing;
using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Mail;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Registrations;

/// <summary>The person a participant session belongs to.</summary>
public sealed record ParticipantSession(long ParticipantId, string FullName);

public sealed record MyAttendance(int SessionNumber, DateOnly Date, string? Title, AttendanceStatus? Status);

public sealed record MyCertificate(string Number, string Code, DateTime IssuedAt, bool Revoked);

public sealed record MyRegistration(long Id, string ProgrammeCode, string ProgrammeName, int Year, int BatchNumber, DateOnly StartDate, DateOnly EndDate,
    ParticipantCategory Category, string? ExpertiseField, AttendanceMode AttendanceMode, RegistrationStatus Status, string? RejectionReason,
    decimal? PreTest, decimal? PostTest, IReadOnlyList<MyAttendance> Attendance, IReadOnlyList<MyCertificate> Certificates,
    bool Completed, bool HighPerforming, bool Upgraded, string? CompletionReason);

/// <summary>The person's ledger (DESIGN §10.5), from registration_outcomes: upgrades per year, the last one, high-performing count.</summary>
public sealed record MyLedger(IReadOnlyList<(int Year, int Upgrades)> UpgradesPerYear, MyRegistration? LastUpgrade, int HighPerforming);

public sealed record MyPage(long ParticipantId, string FullName, string Nik, string? Email, string? Phone, IReadOnlyList<MyRegistration> Registrations,
    MyLedger Ledger);

/// <summary>
/// The participant's own page (DESIGN §10.5): sign-in links by e-mail, the page of that one person, their own
/// certificates, and the two things they may correct (e-mail, confirmed by a link to the new address; phone). Every
/// read takes the participant id of the session and nothing from the request, so no other person can be reached.
/// </summary>
public sealed class ParticipantSelfService(K3DbContext db, CertificateService certificates, MailQueue mail, TimeProvider time)
{
    /// <summary>How long an e-mailed link works (DESIGN §10.5).</summary>
    public const int LinkMinutes = 15;

    public const string SentMessage =
        "Jika alamat ini tercatat sebagai e-mail peserta, tautan masuk telah dikirim ke alamat tersebut. Tautan berlaku 15 menit dan hanya sekali pakai.";

    public static Actor ActorOf(ParticipantSession session) => new($"participant:{session.ParticipantId}", session.FullName, "Participant", null);

    /// <summary>Mails a sign-in link to every person on record with this address; the answer is the same when there is none.</summary>
    public async Task<ServiceResult<string>> RequestSignInAsync(string? email, string linkRoot, CancellationToken ct)
    {
        if (ValidEmail(email) is { } refused)
        {
            return refused;
        }
        var address = email!.Trim();
        var lower = address.ToLowerInvariant();
        var people = await db.Participants.Where(p => p.Email != null && p.Email.ToLower() == lower)
            .Select(p => new { p.Id, p.FullName }).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        using var outbox = await mail.OpenAsync(tx, ct);
        foreach (var person in people)
        {
            var token = NewLink(person.Id, ParticipantLinkPurpose.SignIn, null, now);
            await outbox.AddAsync(new OutgoingMail(address, person.FullName,
                SelfServiceMail.SignIn(person.FullName, $"{linkRoot}/saya/masuk/{token}", LinkMinutes), []), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<string>.Ok(SentMessage);
    }

    /// <summary>Uses a sign-in link: once, within its 15 minutes.</summary>
    public async Task<ServiceResult<ParticipantSession>> SignInAsync(string? token, CancellationToken ct)
    {
        var link = await UseAsync(token, ParticipantLinkPurpose.SignIn, ct);
        if (link is null)
        {
            return ServiceResult<ParticipantSession>.Fail(Failure.NotFound, "",
                "Tautan ini tidak berlaku lagi (sudah dipakai atau lebih dari 15 menit). Minta tautan baru di halaman Saya.");
        }
        var name = await db.Participants.Where(p => p.Id == link.ParticipantId).Select(p => p.FullName).SingleAsync(ct);
        return ServiceResult<ParticipantSession>.Ok(new ParticipantSession(link.ParticipantId, name));
    }

    public async Task<MyPage> PageAsync(ParticipantSession session, CancellationToken ct)
    {
        var person = await db.Participants.AsNoTracking().Where(p => p.Id == session.ParticipantId)
            .Select(p => new { p.FullName, p.Nik, p.Email, p.Phone }).SingleAsync(ct);
        var registrations = await db.Registrations.AsNoTracking().Where(r => r.ParticipantId == session.ParticipantId)
            .OrderByDescending(r => r.Batch!.StartDate)
            .Select(r => new
            {
                Row = new MyRegistration(r.Id, r.Batch!.Programme!.Code, r.Batch.Programme.Name, r.Batch.Programme.Year, r.Batch.Number,
                r.Batch.StartDate, r.Batch.EndDate, r.Category, r.ExpertiseField, r.AttendanceMode, r.Status, r.RejectionReason,
                r.PreTestScore, r.PostTestScore,
                r.Batch.Sessions.OrderBy(s => s.Number)
                    .Select(s => new MyAttendance(s.Number, s.Date, s.Title, r.Attendances.Where(a => a.SessionId == s.Id).Select(a => (AttendanceStatus?)a.Status).FirstOrDefault()))
                    .ToList(),
                db.Certificates.Where(c => c.RegistrationId == r.Id).OrderBy(c => c.IssuedAt)
                    .Select(c => new MyCertificate(c.Number, c.VerificationCode, c.IssuedAt, c.RevokedAt != null)).ToList(),
                    r.Outcome!.Completed, r.Outcome.HighPerforming, r.Outcome.Upgraded, null),
                Cancelled = r.CancelledAt != null,
                r.Outcome.AttendanceMet, r.Outcome.AttendancePercent, r.Outcome.MinAttendancePercent, r.Outcome.PassingScoreMet, r.Outcome.PassingScore,
            })
            .ToListAsync(ct);
        // A pending or rejected registration has no completion to explain (it does not count: k3_counts).
        List<MyRegistration> rows = [.. registrations.Select(x => x.Row.Status != RegistrationStatus.Diterima ? x.Row : x.Row with
        {
            CompletionReason = ParticipantQueries.CompletionReason(x.Cancelled, x.Row.Completed, x.AttendanceMet, x.AttendancePercent,
                x.MinAttendancePercent, x.Row.PostTest, x.PassingScoreMet, x.PassingScore),
        })];
        var upgrades = rows.Where(r => r.Upgraded).ToList();
        var ledger = new MyLedger(
            [.. upgrades.GroupBy(r => r.Year).OrderByDescending(g => g.Key).Select(g => (g.Key, g.Count()))],
            upgrades.MaxBy(r => r.StartDate),
            rows.Count(r => r.HighPerforming));
        return new MyPage(session.ParticipantId, person.FullName, Nik.Mask(person.Nik), person.Email, person.Phone, rows, ledger);
    }

    /// <summary>One of this person's own certificates, as the printable document; another person's is not found.</summary>
    public async Task<ServiceResult<CertificateDocument>> CertificateAsync(ParticipantSession session, string code, CancellationToken ct)
    {
        var normalized = VerificationCode.Normalize(code);
        var own = normalized is not null && await db.Certificates.AnyAsync(c => c.VerificationCode == normalized
            && db.Registrations.Any(r => r.Id == c.RegistrationId && r.ParticipantId == session.ParticipantId), ct);
        var document = own ? await certificates.GetDocumentAsync(code, ct) : null;
        return document is null
            ? ServiceResult<CertificateDocument>.Fail(Failure.NotFound, "", "Sertifikat tidak ditemukan.")
            : ServiceResult<CertificateDocument>.Ok(document);
    }

    /// <summary>Sends a confirmation link to the new address; the e-mail on record changes only when it is opened.</summary>
    public async Task<ServiceResult<string>> RequestEmailChangeAsync(ParticipantSession session, string? email, string linkRoot, CancellationToken ct)
    {
        if (ValidEmail(email) is { } refused)
        {
            return refused;
        }
        var address = email!.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        using var outbox = await mail.OpenAsync(tx, ct);
        var token = NewLink(session.ParticipantId, ParticipantLinkPurpose.EmailChange, address, now);
        await outbox.AddAsync(new OutgoingMail(address, session.FullName,
            SelfServiceMail.ConfirmEmail(session.FullName, $"{linkRoot}/saya/email/{token}", LinkMinutes), []), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<string>.Ok($"Tautan konfirmasi telah dikirim ke {address}; alamat e-mail berubah setelah tautan itu dibuka.");
    }

    /// <summary>
    /// Opens the confirmation link: the new address becomes the person's e-mail (audited). The link works without a
    /// session (the new mailbox may be on another device); opened in <paramref name="signedIn"/>'s session of another
    /// person it is not found and stays unused, as every other person's thing is to a participant session.
    /// </summary>
    public async Task<ServiceResult<string>> ConfirmEmailAsync(string? token, ParticipantSession? signedIn, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var link = await UseAsync(token, ParticipantLinkPurpose.EmailChange, ct, signedIn?.ParticipantId);
        if (link is null)
        {
            return ServiceResult<string>.Fail(Failure.NotFound, "", "Tautan konfirmasi ini tidak berlaku lagi (sudah dipakai atau lebih dari 15 menit).");
        }
        var person = await db.Participants.SingleAsync(p => p.Id == link.ParticipantId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        Audit.Add(db, ActorOf(new ParticipantSession(person.Id, person.FullName)), "participant.email", nameof(Participant), person.Id,
            new { email = EmailMask.Mask(person.Email) }, new { email = EmailMask.Mask(link.NewEmail) }, now);
        person.Email = link.NewEmail;
        person.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<string>.Ok($"Alamat e-mail Anda sekarang {link.NewEmail}.");
    }

    /// <summary>The person's own phone number (DESIGN §5.4), audited; empty clears it.</summary>
    public async Task<ServiceResult<string>> ChangePhoneAsync(ParticipantSession session, string? phone, CancellationToken ct)
    {
        string? normalized = null;
        if (!string.IsNullOrWhiteSpace(phone) && !Phone.TryNormalize(phone, out normalized))
        {
            return ServiceResult<string>.Fail(Failure.Validation, "phone", Phone.Error);
        }
        var person = await db.Participants.SingleAsync(p => p.Id == session.ParticipantId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        Audit.Add(db, ActorOf(session), "participant.phone", nameof(Participant), person.Id, new { phone = person.Phone is null ? null : "***" },
            new { phone = normalized is null ? null : "***" }, now);
        person.Phone = normalized;
        person.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return ServiceResult<string>.Ok(normalized is null ? "Nomor HP dihapus." : $"Nomor HP Anda sekarang {normalized}.");
    }

    private static ServiceResult<string>? ValidEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return ServiceResult<string>.Fail(Failure.Validation, "email", "Alamat e-mail wajib diisi.");
        }
        var address = email.Trim();
        return address.Length > FieldLengths.Email || !System.Net.Mail.MailAddress.TryCreate(address, out var parsed) || parsed.Address != address
            ? ServiceResult<string>.Fail(Failure.Validation, "email", "Alamat email tidak valid; contoh: nama@contoh.co.id.")
            : null;
    }

    /// <summary>A new link; the token goes into the mail only, the table keeps its hash.</summary>
    private string NewLink(long participantId, ParticipantLinkPurpose purpose, string? newEmail, DateTime now)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        db.ParticipantLinks.Add(new ParticipantLink
        {
            ParticipantId = participantId, Purpose = purpose, TokenHash = Hash(token), NewEmail = newEmail, CreatedAt = now,
            ExpiresAt = now.AddMinutes(LinkMinutes),
        });
        return token;
    }

    /// <summary>
    /// Marks a valid link used and returns it; the conditional update makes two clicks at once use it once. With
    /// <paramref name="ownerId"/>, only that person's link is used.
    /// </summary>
    private async Task<ParticipantLink?> UseAsync(string? token, ParticipantLinkPurpose purpose, CancellationToken ct, long? ownerId = null)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length != 64)
        {
            return null;
        }
        var hash = Hash(token.Trim().ToLowerInvariant());
        var now = time.GetUtcNow().UtcDateTime;
        var used = await db.ParticipantLinks
            .Where(l => l.TokenHash == hash && l.Purpose == purpose && l.UsedAt == null && l.ExpiresAt > now && (ownerId == null || l.ParticipantId == ownerId))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        return used == 1 ? await db.ParticipantLinks.AsNoTracking().SingleAsync(l => l.TokenHash == hash, ct) : null;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
