using System.Globalization;
using K3Competency.Domain;

namespace K3Competency.Application.Reporting;

/// <summary>
/// The sentence of DESIGN §4 that directors read out in speeches, written from a <see cref="ProgramSummary"/>:
/// "Dalam 5 angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak 7.436 orang dan Ahli K3 yang telah
/// ditingkatkan kompetensinya sebanyak 11.321 orang; ditambah angkatan ke-6 sebanyak 1.298 orang, total
/// 12.619 orang."
/// The latest batch that upgraded anyone is the "ditambah" part; it adds the persons upgraded there for the
/// first time (its cumulative minus the one before), so a returning expert is never counted twice.
/// </summary>
public static class DirectorSentence
{

    public static string Write(ProgramSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var batches = summary.Batches.OrderBy(b => b.Number).ToList();
        if (batches.Count == 0)
        {
            return "Belum ada angkatan pada kegiatan ini.";
        }

        var last = batches.FindLastIndex(b => b.Upgraded > 0);
        if (last < 0)
        {
            return $"Dari {N(batches.Count)} angkatan belum ada Ahli K3 yang telah ditingkatkan kompetensinya.";
        }

        var latest = batches[last];
        var before = last > 0 ? batches[last - 1] : null;
        if (before is null || before.CumulativeUpgraded == 0)
        {
            // Nothing to add to: one clause over every batch through the latest.
            return $"Dalam {N(last + 1)} angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak {N(latest.CumulativeHighPerforming)} orang " +
                   $"dan Ahli K3 yang telah ditingkatkan kompetensinya sebanyak {N(latest.CumulativeUpgraded)} orang.";
        }

        var added = latest.CumulativeUpgraded - before.CumulativeUpgraded;
        return $"Dalam {N(last)} angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak {N(before.CumulativeHighPerforming)} orang " +
               $"dan Ahli K3 yang telah ditingkatkan kompetensinya sebanyak {N(before.CumulativeUpgraded)} orang; " +
               $"ditambah angkatan ke-{latest.Number.ToString(CultureInfo.InvariantCulture)} sebanyak {N(added)} orang, " +
               $"total {N(latest.CumulativeUpgraded)} orang.";
    }

    /// <summary>id-ID thousands: 12.619.</summary>
    private static string N(int value) => value.ToString("N0", Formats.Culture);
}
