using K3Competency.Application.Reporting;

namespace K3Competency.UnitTests.Reporting;

public sealed class DirectorSentenceTests
{
    /// <summary>A batch with the figures the sentence reads; the rest are zeros.</summary>
    private static BatchSummary Batch(int number, int upgraded, int cumulativeUpgraded, int cumulativeHigh) =>
        new(number, number, new DateOnly(2023, 1, 1), new DateOnly(2023, 1, 2), "HYBRID", "FINISHED", 2,
            Participants: upgraded, AhliK3: upgraded, Upgraded: upgraded, Completed: 0, HighPerforming: 0, Online: 0, Offline: upgraded,
            CumulativeUpgraded: cumulativeUpgraded, CumulativeHighPerforming: cumulativeHigh, CumulativeUpgradedParticipations: 0);

    private static ProgramSummary Programme(params BatchSummary[] batches) =>
        new(1, "PKAK3-2023", 2023, "Peningkatan Kompetensi Ahli K3 Tahun 2023", new SummaryThresholds(80, 70, 85),
            new SummaryTargets(null, null), batches, SummaryTotals.Zero);

    [Fact]
    public void The_2023_figures_read_as_the_directorate_reported_them()
    {
        var summary = Programme(
            Batch(1, 2_150, 2_104, 1_390),
            Batch(2, 2_230, 4_291, 2_830),
            Batch(3, 2_340, 6_587, 4_330),
            Batch(4, 2_380, 8_928, 5_870),
            Batch(5, 2_440, 11_321, 7_436),
            Batch(6, 1_298, 12_619, 7_436));

        Assert.Equal(
            "Dalam 5 angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak 7.436 orang dan Ahli K3 yang telah " +
            "ditingkatkan kompetensinya sebanyak 11.321 orang; ditambah angkatan ke-6 sebanyak 1.298 orang, total 12.619 orang.",
            DirectorSentence.Write(summary));
    }

    [Fact]
    public void The_latest_batch_adds_only_persons_not_upgraded_before()
    {
        // Batch 3 upgraded 500 registrations, but 120 of those experts had been upgraded in batch 1 or 2.
        var summary = Programme(Batch(1, 300, 300, 100), Batch(2, 400, 700, 250), Batch(3, 500, 1_080, 400));

        Assert.Equal(
            "Dalam 2 angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak 250 orang dan Ahli K3 yang telah " +
            "ditingkatkan kompetensinya sebanyak 700 orang; ditambah angkatan ke-3 sebanyak 380 orang, total 1.080 orang.",
            DirectorSentence.Write(summary));
    }

    [Fact]
    public void Planned_batches_after_the_latest_upgrade_are_left_out()
    {
        var summary = Programme(Batch(1, 300, 300, 100), Batch(2, 400, 700, 250), Batch(3, 0, 700, 250));

        Assert.Equal(
            "Dalam 1 angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak 100 orang dan Ahli K3 yang telah " +
            "ditingkatkan kompetensinya sebanyak 300 orang; ditambah angkatan ke-2 sebanyak 400 orang, total 700 orang.",
            DirectorSentence.Write(summary));
    }

    [Fact]
    public void A_single_batch_reads_as_one_clause()
    {
        Assert.Equal(
            "Dalam 1 angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak 1.001 orang dan Ahli K3 yang telah " +
            "ditingkatkan kompetensinya sebanyak 2.025 orang.",
            DirectorSentence.Write(Programme(Batch(1, 2_025, 2_025, 1_001))));
    }

    [Fact]
    public void Batches_before_anyone_was_upgraded_do_not_make_an_empty_first_clause()
    {
        Assert.Equal(
            "Dalam 2 angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak 0 orang dan Ahli K3 yang telah " +
            "ditingkatkan kompetensinya sebanyak 40 orang.",
            DirectorSentence.Write(Programme(Batch(1, 0, 0, 0), Batch(2, 40, 40, 0))));
    }

    [Fact]
    public void No_batch_yet() =>
        Assert.Equal("Belum ada angkatan pada kegiatan ini.", DirectorSentence.Write(Programme()));

    [Fact]
    public void Batches_without_any_upgraded_expert() =>
        Assert.Equal(
            "Dari 2 angkatan belum ada Ahli K3 yang telah ditingkatkan kompetensinya.",
            DirectorSentence.Write(Programme(Batch(1, 0, 0, 0), Batch(2, 0, 0, 0))));

    [Fact]
    public void Batches_are_read_in_number_order_whatever_order_they_come_in()
    {
        var summary = Programme(Batch(2, 400, 700, 250), Batch(1, 300, 300, 100));

        Assert.EndsWith("ditambah angkatan ke-2 sebanyak 400 orang, total 700 orang.", DirectorSentence.Write(summary), StringComparison.Ordinal);
    }
}
