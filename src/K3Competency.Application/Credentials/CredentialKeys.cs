using System.Security.Cryptography;
using K3Competency.Application.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace K3Competency.Application.Credentials;

/// <summary>The issuer's ES256 key pair, its public JWK and the salt of subject identifiers, as every instance shares them.</summary>
public sealed class IssuerKeys(ECDsaSecurityKey signingKey, PublicJwk publicJwk, byte[] subjectSalt)
{
    public ECDsaSecurityKey SigningKey { get; } = signingKey;
    public PublicJwk PublicJwk { get; } = publicJwk;
    public string KeyId => PublicJwk.Kid;

    /// <summary>
    /// The holder's identifier inside a credential: HMAC-SHA256 of the NIK keyed with a salt that never leaves the
    /// server, so the same person gets the same identifier in every credential, and nobody can test NIKs against it.
    /// </summary>
    public string SubjectId(string nik) =>
        "urn:k3competency:peserta:" + Convert.ToHexStringLower(HMACSHA256.HashData(subjectSalt, System.Text.Encoding.ASCII.GetBytes(nik)));
}

/// <summary>A public key as RFC 7517 publishes it in /.well-known/jwks.json.</summary>
public sealed record PublicJwk(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

/// <summary>
/// Creates the credential signing key and the subject salt once and keeps them in PostgreSQL (issuer_secrets),
/// encrypted with Data Protection whose keys live in the same database: every instance signs with the same key.
/// Two instances starting at once both try to insert; ON CONFLICT DO NOTHING lets the first one win and both
/// read the winner back. Loaded once per process.
/// </summary>
public sealed class CredentialKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider time)
{
    private const string SigningKeyName = "credential-signing-key-es256";
    private const string SaltName = "credential-subject-salt";

    private readonly IDataProtector _protector = protection.CreateProtector("K3Competency.Credentials.IssuerSecrets.v1");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IssuerKeys? _keys;

    public async Task<IssuerKeys> GetAsync(CancellationToken ct)
    {
        if (_keys is { } ready)
        {
            return ready;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_keys is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<K3DbContext>();
                var pkcs8 = await GetOrCreateAsync(db, SigningKeyName, () =>
                {
                    using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    return fresh.ExportPkcs8PrivateKey();
                }, ct);
                var salt = await GetOrCreateAsync(db, SaltName, () => RandomNumberGenerator.GetBytes(32), ct);
                _keys = Load(pkcs8, salt);
            }
            return _keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> GetOrCreateAsync(K3DbContext db, string name, Func<byte[]> create, CancellationToken ct)
    {
        var candidate = create();
        var protectedValue = _protector.Protect(Convert.ToBase64String(candidate));
        CryptographicOperations.ZeroMemory(candidate);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO issuer_secrets (name, protected_value, created_at) VALUES ({name}, {protectedValue}, {time.GetUtcNow().UtcDateTime}) ON CONFLICT (name) DO NOTHING",
            ct);
        var stored = await db.IssuerSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.ProtectedValue).SingleAsync(ct);
        return Convert.FromBase64String(_protector.Unprotect(stored));
    }

    private static IssuerKeys Load(byte[] pkcs8, byte[] salt)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        CryptographicOperations.ZeroMemory(pkcs8);
        var p = ecdsa.ExportParameters(includePrivateParameters: false);
        var x = Base64UrlEncoder.Encode(p.Q.X!);
        var y = Base64UrlEncoder.Encode(p.Q.Y!);
        // RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, no spaces.
        var kid = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));
        return new IssuerKeys(new ECDsaSecurityKey(ecdsa) { KeyId = kid }, new PublicJwk("EC", "P-256", x, y, kid, "sig", SecurityAlgorithms.EcdsaSha256), salt);
    }
}
