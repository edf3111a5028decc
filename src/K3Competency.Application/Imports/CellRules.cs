using System.Globalization;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Domain.Rules;

namespace K3Competency.Application.Imports;

/// <summary>Messages shared by the kinds; each says what to fix (Bahasa Indonesia, DESIGN §6).</summary>
internal static class Messages
{
    public const string NikFromNumberCell =
        "NIK terbaca sebagai angka karena sel berformat Angka/Umum di Excel, sehingga digit terakhirnya bisa sudah hilang. " +
        "Format kolom NIK sebagai Teks, ketik ulang NIK lengkap, lalu unggah kembali.";

    public const string NotRegistered =
        "NIK ini belum terdaftar sebagai peserta angkatan ini. Periksa NIK-nya, atau daftarkan pesertanya lebih dulu.";

    /// <summary>A self-registration still waiting for verification, or rejected (DESIGN §10.4): it takes no attendance or scores.</summary>
    public const string NotApproved =
        "Pendaftaran peserta dengan NIK ini belum diterima (menunggu verifikasi atau ditolak), sehingga belum dapat diberi presensi atau nilai. " +
        "Setujui pendaftarannya di Verifikasi pendaftaran lebih dulu, atau hapus baris ini.";

    public const string NotYourParticipant =
        "Peserta dengan NIK ini tidak terdaftar melalui lembaga Anda di angkatan ini (belum terdaftar, atau terdaftar melalui lembaga lain). " +
        "Anda hanya dapat mengunggah data peserta lembaga Anda; hapus baris ini.";
}

/// <summary>Checks of a single cell, used by the row parsers.</summary>
internal static partial class CellRules
{
    /// <summary>Longest cell value repeated in an error or kept for the error report.</summary>
    public const int ShownLength = 200;

    public static string? Shown(Cell cell) => Shown(cell.Text);

    public static string? Shown(string? text) =>
        text is null ? null : text.Length <= ShownLength ? text : string.Concat(text.AsSpan(0, ShownLength - 1), "…");

    /// <summary>The NIK of the row (DESIGN §5.1), refusing one that Excel has already turned into a number.</summary>
    public static Nik? Nik(Cell cell, ParseContext context, RowErrors errors)
    {
        if (cell.Numeric)
        {
            errors.Add("nik", Shown(cell), Messages.NikFromNumberCell);
            return null;
        }
        var result = Domain.Rules.Nik.Parse(cell.Text, context.Today);
        if (!result.IsValid)
        {
            errors.Add("nik", Shown(cell), result.Error!);
            return null;
        }
        return result.Nik;
    }

    public static string? Text(Cell cell, string column, string label, int maxLength, bool required, RowErrors errors)
    {
        var value = cell.Value;
        if (value is null)
        {
            if (required)
            {
                errors.Add(column, Shown(cell), $"{label} wajib diisi.");
            }
            return null;
        }
        value = Spaces().Replace(value, " ");
        if (value.Length > maxLength)
        {
            errors.Add(column, Shown(cell), $"{label} terlalu panjang ({value.Length} karakter); maksimal {maxLength} karakter.");
            return null;
        }
        return value;
    }

    /// <summary>An upper-snake code such as HADIR or AHLI_K3; "Ahli K3" is read as AHLI_K3.</summary>
    public static T? Code<T>(Cell cell, string column, string label, bool required, RowErrors errors) where T : struct, Enum
    {
        var value = cell.Value;
        var allowed = string.Join(", ", Codes.All<T>());
        if (value is null)
        {
            if (required)
            {
                errors.Add(column, Shown(cell), $"{label} wajib diisi: {allowed}.");
            }
            return null;
        }
        if (Codes.TryParse<T>(CodeSeparators().Replace(value, "_"), out var parsed))
        {
            return parsed;
        }
        errors.Add(column, Shown(cell), $"{label} \"{Shown(value)}\" tidak dikenal; isi salah satu: {allowed}.");
        return null;
    }

    /// <summary>
    /// ISO 8601 (an offset or Z is honoured), or dd/MM/yyyy HH:mm; a time without offset is WIB
    /// (DESIGN §6). Returns UTC.
    /// </summary>
    public static bool TryParseTime(string text, TimeZoneInfo wib, out DateTime utc)
    {
        utc = default;
        text = text.Trim();
        if (ExplicitOffset().IsMatch(text))
        {
            // 'Z' parsed as a literal would be taken as the server's zone; as +00:00 it is UTC.
            if (text.EndsWith('Z') || text.EndsWith('z'))
            {
                text = text[..^1] + "+00:00";
            }
            if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                utc = withOffset.UtcDateTime;
                return true;
            }
            return false;
        }
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), wib);
            return true;
        }
        return false;
    }

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
        "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss",
    ];

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd HH:mm:sszzz",
    ];

    [GeneratedRegex(@"([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex ExplicitOffset();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[\s\-]+")]
    private static partial Regex CodeSeparators();
}
