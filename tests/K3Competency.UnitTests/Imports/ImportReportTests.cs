using System.Text.Json;
using K3Competency.Application.Imports;

namespace K3Competency.UnitTests.Imports;

public sealed class ImportReportTests
{
    [Fact]
    public void Report_serialises_to_exactly_the_names_of_DESIGN_section_7()
    {
        var report = new ImportReport(3, 1, 1, 0, 1, false, [new ImportError(4, "nik", "123", "NIK harus tepat 16 digit; yang tertulis 3 digit.")])
        {
            UploadId = 42,
            DryRun = false,
        };

        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal(
            """{"rows":3,"inserted":1,"updated":1,"unchanged":0,"rejected":1,"committed":false,"errors":[{"row":4,"column":"nik","value":"123","message":"NIK harus tepat 16 digit; yang tertulis 3 digit."}],"uploadId":42}""",
            json);
        Assert.True(report.RefusedAsWhole);
    }
}
