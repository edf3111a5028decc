using System.Globalization;
using System.Text;
using K3Competency.Application.Imports;
using K3Competency.Application.Reporting;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace K3Competency.Web.Pages.Dashboard;

/// <summary>
/// The dashboard's figures as files: XLSX with the per-batch summary ("Ringkasan"), the five breakdowns
/// ("Kategori", "Bidang", "Provinsi", "Moda", "Lembaga") and what the programme is ("Kegiatan"), and the per-batch
/// summary as CSV for Indonesian Excel. Numbers stay numbers (no thousands separators in the
/// cell), so a spreadsheet can add them up; every text cell goes through <see cref="CsvText.Neutralize"/>.
/// The files hold one row per batch or per code, so they are built in memory.
/// </summary>
public static class SummaryExport
{
    private const string Start = "Mulai";
    private const string End = "Selesai";
    private const string DateFormat = "dd/MM/yyyy";

    public static readonly IReadOnlyList<string> SummaryColumns =
    [
        "Angkatan", Start, End, "Mode", "Status", "Sesi", "Peserta", "Ahli K3", "Ahli K3 ditingkatkan", "Lulus", "Ahli K3 lulus",
        "Ahli K3 berkinerja tinggi", "Daring", "Luring", "Kumulatif ditingkatkan (orang)", "Kumulatif berkinerja tinggi (orang)",
        "Kumulatif keikutsertaan ditingkatkan",
    ];

    /// <summary>PKAK3-2023-ringkasan.xlsx (programme codes are letters, digits, '.', '_' and '-').</summary>
    public static string FileName(ProgramSummary summary, string extension) => $"{summary.Code}-ringkasan.{extension}";

    /// <summary>
    /// One row per batch, then a total row. The total's per-batch columns count registrations (they add up
    /// the column), its cumulative columns count distinct persons over the whole programme (DESIGN §4). "Lulus"
    /// counts every category, as on every page; the columns that count Ahli K3 only say so.
    /// </summary>
    public static IReadOnlyList<object?[]> SummaryRows(ProgramSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var rows = summary.Batches.OrderBy(b => b.Number).Select(b => new object?[]
        {
            b.Number, b.StartDate.ToDateTime(TimeOnly.MinValue), b.EndDate.ToDateTime(TimeOnly.MinValue),
            DisplayNames.Of(Codes.Parse<BatchMode>(b.Mode)), DisplayNames.Of(Codes.Parse<BatchStatus>(b.Status)), b.Sessions,
            b.Participants, b.AhliK3, b.Upgraded, b.CompletedAll, b.Completed, b.HighPerforming, b.Online, b.Offline,
            b.CumulativeUpgraded, b.CumulativeHighPerforming, b.CumulativeUpgradedParticipations,
        }).ToList();
        var t = summary.Totals;
        rows.Add(
        [
            "Total", null, null, null, null, summary.Batches.Sum(b => b.Sessions),
            t.Participants, t.AhliK3, t.UpgradedParticipations, t.CompletedAll, t.Completed, t.HighPerforming, t.Online, t.Offline,
            t.Upgraded, t.HighPerformingPersons, t.UpgradedParticipations,
        ]);
        return rows;
    }

    /// <summary>What the file is about, so a workbook forwarded by e-mail still says which programme it counts.</summary>
    public static IReadOnlyList<object?[]> ProgrammeRows(ProgramSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return
        [
            ["Kode kegiatan", summary.Code],
            ["Nama kegiatan", summary.Name],
            ["Tahun", summary.Year],
            ["Kehadiran minimal (%)", summary.Thresholds.MinAttendancePercent],
            ["Nilai kelulusan", summary.Thresholds.PassingScore],
            ["Nilai berkinerja tinggi", summary.Thresholds.HighPerformanceScore],
            ["Target Ahli K3 ditingkatkan (orang)", summary.Targets.Upgraded],
            ["Target Ahli K3 berkinerja tinggi (orang)", summary.Targets.HighPerforming],
            ["Ringkasan", DirectorSentence.Write(summary)],
        ];
    }

    public static byte[] Xlsx(ProgramSummary summary, Breakdowns breakdowns)
    {
        ArgumentNullException.ThrowIfNull(breakdowns);
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["Ringkasan"] = Sheet(SummaryColumns, SummaryRows(summary)),
            ["Kategori"] = BreakdownSheet("Kategori", breakdowns.ByCategory),
            ["Bidang"] = BreakdownSheet("Bidang keahlian", breakdowns.ByExpertiseField),
            ["Provinsi"] = BreakdownSheet("Provinsi", breakdowns.ByProvince),
            ["Moda"] = BreakdownSheet("Moda kehadiran", breakdowns.ByAttendanceMode),
            ["Lembaga"] = BreakdownSheet("Lembaga", breakdowns.ByInstitution),
            ["Kegiatan"] = Sheet(["Keterangan", "Nilai"], ProgrammeRows(summary)),
        };
        var configuration = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.None,
            FreezeRowCount = 1,
            DynamicColumns =
            [
                new DynamicExcelColumn(Start) { Format = DateFormat, Width = 12 },
                new DynamicExcelColumn(End) { Format = DateFormat, Width = 12 },
            ],
        };
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets, excelType: ExcelType.XLSX, configuration: configuration);
        return stream.ToArray();
    }

    /// <summary>UTF-8 with BOM and ';' between fields: what Excel set to Indonesian opens without a wizard.</summary>
    public static byte[] Csv(ProgramSummary summary)
    {
        var text = new StringBuilder(CsvText.Line(SummaryColumns));
        foreach (var row in SummaryRows(summary))
        {
            text.Append(CsvText.Line(row.Select(value => value switch
            {
                null => null,
                DateTime d => d.ToString(DateFormat, CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            })));
        }
        return [.. CsvText.Utf8WithBom.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static List<Dictionary<string, object?>> BreakdownSheet(string nameHeader, IReadOnlyList<BreakdownRow> rows) =>
        Sheet(["Kode", nameHeader, "Peserta", "Ahli K3 ditingkatkan (orang)"],
            [.. rows.Select(r => new object?[] { r.Code, r.Name, r.Participants, r.Upgraded })]);

    private static List<Dictionary<string, object?>> Sheet(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows) =>
        [.. rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                cells[columns[i]] = row[i] is string s ? CsvText.Neutralize(s) : row[i];
            }
            return cells;
        })];
}
