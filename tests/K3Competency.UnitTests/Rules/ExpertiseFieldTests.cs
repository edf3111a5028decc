using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class ExpertiseFieldTests
{
    [Fact]
    public void Ten_fields_of_DESIGN_5_3()
    {
        Assert.Equal(
            ["UMUM", "LISTRIK", "KONSTRUKSI", "KEBAKARAN", "KIMIA", "ELEVATOR_ESKALATOR", "LINGKUNGAN_KERJA",
             "PESAWAT_ANGKAT_ANGKUT", "PESAWAT_TENAGA_PRODUKSI", "PESAWAT_UAP_BEJANA_TEKAN"],
            ExpertiseFields.Codes);
    }

    [Theory]
    [InlineData("kebakaran", "K3 Penanggulangan Kebakaran")]
    [InlineData(" UMUM ", "K3 Umum")]
    public void Found_by_code_case_insensitive(string code, string name) => Assert.Equal(name, ExpertiseFields.Find(code)?.Name);

    [Fact]
    public void Unknown_code_gives_nothing() => Assert.Null(ExpertiseFields.Find("NUKLIR"));
}
