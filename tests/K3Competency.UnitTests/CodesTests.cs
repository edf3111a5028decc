using K3Competency.Domain;

namespace K3Competency.UnitTests;

public sealed class CodesTests
{
    [Fact]
    public void Enum_members_map_to_the_codes_of_DESIGN()
    {
        Assert.Equal("AHLI_K3", ParticipantCategory.AhliK3.ToCode());
        Assert.Equal("ANGGOTA_ALPK3I", ParticipantCategory.AnggotaAlpk3i.ToCode());
        Assert.Equal("STAF_DIREKTORAT", ParticipantCategory.StafDirektorat.ToCode());
        Assert.Equal("LEMBAGA_PELATIHAN", InstitutionType.LembagaPelatihan.ToCode());
        Assert.Equal("PJK3", InstitutionType.Pjk3.ToCode());
        Assert.Equal("REGISTRATION_OPEN", BatchStatus.RegistrationOpen.ToCode());
        Assert.Equal("TERLAMBAT", AttendanceStatus.Terlambat.ToCode());
    }

    [Theory]
    [InlineData("ahli_k3", ParticipantCategory.AhliK3)]
    [InlineData(" PENGAWAS ", ParticipantCategory.Pengawas)]
    public void Codes_parse_case_insensitive(string code, ParticipantCategory expected)
    {
        Assert.True(Codes.TryParse<ParticipantCategory>(code, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Unknown_code_does_not_parse() => Assert.False(Codes.TryParse<AttendanceStatus>("SAKIT", out _));
}
