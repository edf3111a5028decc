using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using K3Competency.Application.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K3Competency.Application.CheckIn;

public enum TokenState { Valid, Expired, Invalid }

/// <summary>
/// The rotating QR token of DESIGN §10.3: session id and a 30-second window number, with an HMAC-SHA256 over both
/// (truncated to 96 bits), base64url, 27 characters, so the QR code stays coarse enough for any phone camera. A
/// token is accepted in its own window and the one after it (by then the display shows the next); a clock up to two
/// seconds ahead of this one is tolerated, for instances behind a load balancer. The same construction with another
/// purpose gives the phone page's form ticket, which lives a few minutes so the NIK can be typed at ease.
/// </summary>
public sealed class CheckInTokens(IServiceScopeFactory scopes, IOptions<CheckInOptions> options, TimeProvider time)
{
    public const int WindowSeconds = 30;
    private const int MacBytes = 12;
    private const string SecretName = "check-in-token-key";
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public enum Purpose : byte { Scan = 1, Form = 2, Device = 3 }

    /// <summary>The token for a session now, and until when it is accepted.</summary>
    public async Task<(string Token, DateTime ExpiresAt)> CreateAsync(int sessionId, Purpose purpose = Purpose.Scan, CancellationToken ct = default)
    {
        var window = WindowOf(time.GetUtcNow());
        var lifetime = purpose == Purpose.Form ? FormWindows : 2;
        return (Encode(await KeyAsync(ct), purpose, sessionId, window), DateTimeOffset.FromUnixTimeSeconds((window + lifetime) * WindowSeconds).UtcDateTime);
    }

    /// <summary>Whether a token is good now, and for which session.</summary>
    public async Task<(TokenState State, int SessionId)> ValidateAsync(string? token, Purpose purpose = Purpose.Scan, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length != 27)
        {
            return (TokenState.Invalid, 0);
        }
        var bytes = new byte[20];
        if (!Base64Url.TryDecodeFromChars(token, bytes, out var n) || n != 20)
        {
            return (TokenState.Invalid, 0);
        }
        var sessionId = BinaryPrimitives.ReadInt32BigEndian(bytes);
        long window = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4));
        var expected = Mac(await KeyAsync(ct), purpose, sessionId, window);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(8, MacBytes)))
        {
            return (TokenState.Invalid, 0);
        }
        var now = time.GetUtcNow();
        var current = WindowOf(now);
        var lifetime = purpose == Purpose.Form ? FormWindows : 2;
        if (window > WindowOf(now + Skew))
        {
            return (TokenState.Invalid, 0);
        }
        return window > current - lifetime ? (TokenState.Valid, sessionId) : (TokenState.Expired, sessionId);
    }

    /// <summary>A keyed hash of what identifies a device (its cookie, or address and browser), never reversible to either.</summary>
    public async Task<string> DeviceAsync(string identity, CancellationToken ct = default)
    {
        var key = await KeyAsync(ct);
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("device\n" + identity));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private int FormWindows => Math.Max(2, options.Value.FormMinutes * 60 / WindowSeconds);

    private static long WindowOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / WindowSeconds;

    private static string Encode(byte[] key, Purpose purpose, int sessionId, long window)
    {
        var bytes = new byte[20];
        BinaryPrimitives.WriteInt32BigEndian(bytes, sessionId);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)window);
        Mac(key, purpose, sessionId, window).CopyTo(bytes.AsSpan(8));
        return Base64Url.EncodeToString(bytes);
    }

    private static byte[] Mac(byte[] key, Purpose purpose, int sessionId, long window)
    {
        Span<byte> message = stackalloc byte[13];
        message[0] = (byte)purpose;
        BinaryPrimitives.WriteInt32BigEndian(message[1..], sessionId);
        BinaryPrimitives.WriteInt64BigEndian(message[5..], window);
        return HMACSHA256.HashData(key, message)[..MacBytes];
    }

    /// <summary>The configured key, or the one kept in app_secrets (made on first use; the first instance to insert wins).</summary>
    private async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (_key is { } cached)
        {
            return cached;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_key is { } again)
            {
                return again;
            }
            if (options.Value.TokenKey is { Length: > 0 } configured)
            {
                var bytes = Convert.FromBase64String(configured);
                if (bytes.Length < 32)
                {
                    throw new InvalidOperationException("CheckIn:TokenKey must be at least 32 bytes (base64).");
                }
                return _key = bytes;
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<K3DbContext>();
            var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("K3Competency.CheckIn.TokenKey");
            var fresh = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO app_secrets (name, protected_value, created_at) VALUES ({SecretName}, {fresh}, {time.GetUtcNow().UtcDateTime}) ON CONFLICT (name) DO NOTHING", ct);
            var stored = await db.AppSecrets.AsNoTracking().Where(s => s.Name == SecretName).Select(s => s.ProtectedValue).SingleAsync(ct);
            return _key = Convert.FromBase64String(protector.Unprotect(stored));
        }
        finally
        {
            _gate.Release();
        }
    }
}
