namespace K3Competency.Domain.Rules;

/// <summary>
/// The cross-field rules of a registration (DESIGN §5.1, §5.3), written once for the form and the bulk import.
/// Each returns null when the value is fine, else the Indonesian message that says what to fix.
/// </summary>
public static class RegistrationRules
{
    /// <summary>A gender given beside the NIK must agree with it (day + 40 marks a woman).</summary>
    public static string? GenderAgainstNik(Nik nik, Gender given)
    {
        if (nik.Gender == given)
        {
            return null;
        }
        var meaning = nik.Gender == Gender.P ? "perempuan (tanggal lahir ditambah 40)" : "laki-laki";
        return $"Jenis kelamin {given.ToCode()} tidak sesuai dengan NIK: digit 7-8 NIK ({nik.Value.Substring(6, 2)}) menandakan {meaning}. " +
               "Periksa NIK atau jenis kelaminnya.";
    }

    /// <summary>
    /// The expertise field: required for Ahli K3 and one of the ten codes (or their names), empty for the other
    /// categories. <paramref name="code"/> is the normalised code when there is one.
    /// </summary>
    public static string? Expertise(ParticipantCategory category, string? value, out string? code)
    {
        code = null;
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (category != ParticipantCategory.AhliK3)
        {
            return text is null ? null : $"Bidang keahlian hanya diisi untuk kategori AHLI_K3; kosongkan untuk kategori {category.ToCode()}.";
        }
        // The choices by name, with the code a file may use instead (issue 12: never codes alone).
        var codes = string.Join(", ", ExpertiseFields.All.Select(f => $"{f.Name} ({f.Code})"));
        if (text is null)
        {
            return $"Bidang keahlian wajib diisi untuk kategori AHLI_K3; pilih salah satu: {codes}.";
        }
        var field = ExpertiseFields.Find(text.Replace(' ', '_').Replace('-', '_'))
                    ?? ExpertiseFields.All.FirstOrDefault(f => string.Equals(f.Name, text, StringComparison.OrdinalIgnoreCase));
        if (field is null)
        {
            return $"Bidang keahlian \"{text}\" tidak dikenal; pilih salah satu: {codes}.";
        }
        code = field.Code;
        return null;
    }
}
