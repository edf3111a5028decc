using System.Globalization;
using System.Text.Json.Nodes;
using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace K3Competency.Application.Credentials;

public static class CredentialStatus
{
    public const string Valid = "VALID";
    public const string Revoked = "REVOKED";
    public const string Forged = "FORGED";
}

/// <summary>
/// The answer to "is this credential ours and still good?" (DESIGN §12): <c>valid</c> only when our key signed it and
/// the certificate is not revoked; <c>revoked</c> when the signature is good but the certificate was revoked; neither
/// for a forged or altered credential. The holder is masked as on the public verification page.
/// </summary>
public sealed record CredentialVerification(bool Valid, bool Revoked, string? Number, string? Holder, string Status, string Message);

/// <summary>
/// Every certificate as an Open Badges 3.0 <c>OpenBadgeCredential</c> signed as a VC-JWT (OB 3.0 §8.2, ES256) with
/// the key of <see cref="CredentialKeys"/>; and the check of such a credential against that key and the register.
/// </summary>
public sealed class CredentialService(K3DbContext db, CertificateService certificates, CredentialKeys keys)
{
    public const string MediaType = "application/vc+jwt";
    public const string IssuerPath = "/penerbit";
    public const string JwksPath = "/.well-known/jwks.json";
    /// <summary>A VC-JWT of this app is about 3 kB; anything far larger is not one.</summary>
    public const int MaxLength = 64 * 1024;

    private const string CredentialPathPrefix = VerificationUrl.PathPrefix;

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>
    /// Who may download a certificate's credential (DESIGN §12): Staff and Admin any, the holder (a participant
    /// session) only their own. This is the one place that decides it.
    /// </summary>
    private static bool MayDownload(Actor? actor, ParticipantSession? holder, (CertificateDocument Document, string Nik, long ParticipantId)? certificate) =>
        holder is null ? actor?.IsStaffOrAdmin == true : certificate?.ParticipantId == holder.ParticipantId;

    /// <summary>The signed credential of a certificate; <paramref name="publicRoot"/> is the app's public address (issuer and credential ids).</summary>
    public async Task<ServiceResult<string>> IssueAsync(string code, Actor actor, string publicRoot, CancellationToken ct)
    {
        var source = await certificates.GetCredentialSourceAsync(code, ct);
        if (!MayDownload(actor, null, source))
        {
            return ServiceResult<string>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat atau Administrator yang boleh mengunduh kredensial sertifikat.");
        }
        return await SignAsync(source, publicRoot, ct);
    }

    /// <summary>
    /// The holder's own credential, for the participant's page (DESIGN §10.5). The person comes from the session;
    /// another person's certificate is not found, as if it did not exist.
    /// </summary>
    public async Task<ServiceResult<string>> IssueToHolderAsync(string code, ParticipantSession holder, string publicRoot, CancellationToken ct)
    {
        var source = await certificates.GetCredentialSourceAsync(code, ct);
        return await SignAsync(MayDownload(null, holder, source) ? source : null, publicRoot, ct);
    }

    private async Task<ServiceResult<string>> SignAsync((CertificateDocument Document, string Nik, long ParticipantId)? source, string publicRoot, CancellationToken ct)
    {
        if (source is not { } found)
        {
            return ServiceResult<string>.Fail(Failure.NotFound, "", "Sertifikat dengan kode verifikasi itu tidak ditemukan; periksa kembali kodenya.");
        }
        var issuerKeys = await keys.GetAsync(ct);
        var payload = Payload(found.Document, issuerKeys.SubjectId(found.Nik), publicRoot.TrimEnd('/'));
        var jwt = Handler.CreateToken(payload.ToJsonString(), new SigningCredentials(issuerKeys.SigningKey, SecurityAlgorithms.EcdsaSha256));
        return ServiceResult<string>.Ok(jwt);
    }

    /// <summary>Checks a credential anyone pasted or uploaded: our signature, then the certificate it names in the register.</summary>
    public async Task<CredentialVerification> VerifyAsync(string credential, CancellationToken ct)
    {
        var token = credential.Trim();
        var issuerKeys = await keys.GetAsync(ct);
        var check = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = issuerKeys.SigningKey,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            // The signature by our key is the proof; the issuer's address may have moved since it was issued.
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        });
        if (!check.IsValid || check.SecurityToken is not JsonWebToken jwt)
        {
            return Forged();
        }

        var id = jwt.Id ?? "";
        var at = id.LastIndexOf(CredentialPathPrefix, StringComparison.Ordinal);
        var code = at < 0 ? null : VerificationCode.Normalize(id[(at + CredentialPathPrefix.Length)..]);
        if (code is null)
        {
            return Forged();
        }

        var row = await db.Certificates.AsNoTracking()
            .Where(c => c.VerificationCode == code)
            .Select(c => new { c.Number, c.RevokedAt, c.Registration!.Participant!.FullName })
            .SingleOrDefaultAsync(ct);
        // Signed by our key but naming no certificate of the register: not a credential we gave out.
        if (row is null)
        {
            return Forged();
        }
        var holder = HolderName.Mask(row.FullName);
        return row.RevokedAt is { } revokedAt
            ? new CredentialVerification(false, true, row.Number, holder, CredentialStatus.Revoked,
                $"Kredensial asli, tetapi sertifikat {row.Number} telah dicabut pada {Formats.DateTime(revokedAt)} dan tidak berlaku lagi.")
            : new CredentialVerification(true, false, row.Number, holder, CredentialStatus.Valid,
                $"Kredensial sah: ditandatangani Kementerian Ketenagakerjaan dan sertifikat {row.Number} masih berlaku.");
    }

    private static CredentialVerification Forged() =>
        new(false, false, null, null, CredentialStatus.Forged,
            "Kredensial palsu atau telah diubah: tanda tangan digitalnya tidak cocok dengan kunci Kementerian Ketenagakerjaan.");

    /// <summary>The JWT claims of OB 3.0 §8.2.4.1 (iss, jti, sub, nbf) around the credential (vc).</summary>
    private static JsonObject Payload(CertificateDocument d, string subjectId, string root)
    {
        var issuerId = root + IssuerPath;
        var credentialId = VerificationUrl.For(root, d.VerificationCode);
        var issued = DateTime.SpecifyKind(d.IssuedAt, DateTimeKind.Utc);
        var achievement = new JsonObject
        {
            ["id"] = $"urn:k3competency:kegiatan:{d.ProgrammeCode}:{d.Category.ToCode()}",
            ["type"] = new JsonArray("Achievement"),
            ["achievementType"] = "Certificate",
            ["name"] = d.IsExpert ? d.ProgrammeName : $"Keikutsertaan {d.ProgrammeName}",
            ["description"] = $"{CertificatePdf.Role(d)} {CertificatePdf.Statement(d)}, angkatan ke-{d.BatchNumber}, "
                              + $"{CertificatePdf.DateRange(d.BatchStartDate, d.BatchEndDate)}.",
            ["criteria"] = new JsonObject
            {
                ["narrative"] = "Mengikuti kegiatan serta memenuhi ketentuan kehadiran minimal dan nilai post-test kelulusan yang ditetapkan untuk kegiatan ini.",
            },
            ["creator"] = Issuer(issuerId, root, d),
        };
        if (d.IsExpert && d.ExpertiseFieldName is { } field)
        {
            achievement["fieldOfStudy"] = field;
        }
        var vc = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = credentialId,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = Issuer(issuerId, root, d),
            ["issuanceDate"] = issued.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["name"] = $"Sertifikat {d.Number}",
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = subjectId,
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(Identity("name", d.ParticipantName)),
                ["role"] = CertificatePdf.Role(d),
                ["activityStartDate"] = WibMidnight(d.BatchStartDate),
                ["activityEndDate"] = WibMidnight(d.BatchEndDate),
                ["result"] = new JsonArray(new JsonObject
                {
                    ["type"] = new JsonArray("Result"),
                    ["value"] = d.HighPerforming ? "Lulus, predikat Berkinerja Tinggi" : "Lulus",
                }),
                ["achievement"] = achievement,
            },
        };
        return new JsonObject
        {
            ["iss"] = issuerId,
            ["jti"] = credentialId,
            ["sub"] = subjectId,
            ["nbf"] = new DateTimeOffset(issued).ToUnixTimeSeconds(),
            ["vc"] = vc,
        };
    }

    private static JsonObject Issuer(string issuerId, string root, CertificateDocument d) => new()
    {
        ["id"] = issuerId,
        ["type"] = new JsonArray("Profile"),
        ["name"] = CertificatePdf.MinistryName,
        ["url"] = root + "/",
        ["description"] = $"{CertificatePdf.DirectorateGeneralName}, {d.Organizer}",
    };

    // OB 3.0 IdentityObject; unhashed on purpose: the holder shows their own name to whoever they give it to.
    private static JsonObject Identity(string type, string value) => new()
    {
        ["type"] = "IdentityObject",
        ["identityType"] = type,
        ["hashed"] = false,
        ["identityHash"] = value,
    };

    private static string WibMidnight(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Formats.Wib.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
