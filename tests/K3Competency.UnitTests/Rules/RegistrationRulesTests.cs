using K3Competency.Domain;
using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class RegistrationRulesTests
{
    private static readonly Nik Woman = Nik.Parse("3174054107850002", new DateOnly(2026, 11, 28)).Nik!.Value;

    [Fact]
    public void Gender_that_contradicts_the_NIK_says_which_digits_tell()
    {
        Assert.Null(RegistrationRules.GenderAgainstNik(Woman, Gender.P));
        var error = RegistrationRules.GenderAgainstNik(Woman, Gender.L);
        Assert.Contains("digit 7-8 NIK (41)", error, StringComparison.Ordinal);
        Assert.Contains("perempuan", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kebakaran", "KEBAKARAN")]
    [InlineData("pesawat uap bejana tekan", "PESAWAT_UAP_BEJANA_TEKAN")]
    [InlineData("K3 Listrik", "LISTRIK")]
    public void Expertise_of_an_expert_accepts_codes_and_names(string value, string expected)
    {
        Assert.Null(RegistrationRules.Expertise(ParticipantCategory.AhliK3, value, out var code));
        Assert.Equal(expected, code);
    }

    [Fact]
    public void Expertise_is_required_for_experts_and_refused_for_others()
    {
        Assert.Contains("wajib diisi", RegistrationRules.Expertise(ParticipantCategory.AhliK3, " ", out _), StringComparison.Ordinal);
        Assert.Contains("tidak dikenal", RegistrationRules.Expertise(ParticipantCategory.AhliK3, "NUKLIR", out _), StringComparison.Ordinal);
        Assert.Contains("kosongkan", RegistrationRules.Expertise(ParticipantCategory.Pengawas, "UMUM", out _), StringComparison.Ordinal);
        Assert.Null(RegistrationRules.Expertise(ParticipantCategory.Pengawas, null, out var none));
        Assert.Null(none);
    }
}
