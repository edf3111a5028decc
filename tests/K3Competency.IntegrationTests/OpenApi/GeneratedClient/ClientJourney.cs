// Compiled at test time together with the client that Kiota generates from the served /openapi/v1.json
// (GeneratedClientTests), so it is not part of the test project's own build. Every HTTP call below goes through
// the generated client; nothing here builds a request by hand.
using System.Text;
using K3Competency.ApiClient;
using K3Competency.ApiClient.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Xunit;

namespace K3Competency.IntegrationTests.OpenApi.GeneratedClient;

public static class ClientJourney
{
    public static async Task RunAsync(ClientJourneySetup setup)
    {
        var anonymous = Client(setup.Http, new AnonymousAuthenticationProvider());

        // Log in.
        var token = await anonymous.Api.V1.Auth.Login.PostAsync(new LoginRequest { Email = setup.Email, Password = setup.Password });
        Assert.False(string.IsNullOrEmpty(token?.AccessToken));
        Assert.True(token!.ExpiresIn > 0);
        var staff = Client(setup.Http, new BaseBearerTokenAuthenticationProvider(new StaticToken(token.AccessToken!)));

        // An institution, a programme with default thresholds, and a batch without the optional venue and capacity.
        var institution = await staff.Api.V1.Institutions.PostAsync(new InstitutionRequest
        {
            Code = setup.InstitutionCode, Name = "Lembaga Uji Klien", Type = "LEMBAGA_PELATIHAN", ProvinceCode = "35",
        });
        Assert.Equal(setup.InstitutionCode, institution!.Code);
        var programme = await staff.Api.V1.Programs.PostAsync(new ProgrammeRequest
        {
            Code = setup.ProgrammeCode, Name = "Peningkatan Kompetensi Ahli K3 (uji klien)", Year = 2031,
        });
        var programmeId = programme!.Id!.Value;
        var batch = await staff.Api.V1.Programs[programmeId].Batches.PostAsync(new BatchRequest
        {
            Number = 1,
            StartDate = new Date(2031, 3, 10),
            EndDate = new Date(2031, 3, 11),
            Mode = "HYBRID",
            InstitutionCodes = [setup.InstitutionCode],
            Sessions = [new SessionInput { Number = 1, Date = new Date(2031, 3, 10) }, new SessionInput { Number = 2, Date = new Date(2031, 3, 11), Title = "Hari kedua" }],
        });
        var batchId = batch!.Id!.Value;
        var read = await staff.Api.V1.Batches[batchId].GetAsync();
        Assert.Equal(2, read!.Sessions!.Count);
        Assert.Null(read.Capacity);

        // Import the registration file (multipart), a dry run first, then attendance and results.
        var preview = await staff.Api.V1.Batches[batchId].Registrations.Import.PostAsync(File(setup.RegistrationsCsv, "peserta.csv"),
            r => r.QueryParameters.DryRun = true);
        Assert.Equal((2, false), (preview!.Rows!.Value, preview.Committed!.Value));
        var registered = await staff.Api.V1.Batches[batchId].Registrations.Import.PostAsync(File(setup.RegistrationsCsv, "peserta.csv"));
        Assert.Equal((2, 2, 0, true), (registered!.Rows!.Value, registered.Inserted!.Value, registered.Rejected!.Value, registered.Committed!.Value));
        var attended = await staff.Api.V1.Batches[batchId].Attendance.Import.PostAsync(File(setup.AttendanceCsv, "kehadiran.csv"));
        Assert.Equal(4, attended!.Inserted);
        var scored = await staff.Api.V1.Batches[batchId].Results.Import.PostAsync(File(setup.ResultsCsv, "nilai.csv"));
        Assert.Equal(2, scored!.Updated! + scored.Inserted!);

        // Read the summary: one of the two Ahli K3 attended, completed and is high-performing.
        var summary = await staff.Api.V1.Programs[programmeId].Summary.GetAsync();
        var figures = Assert.Single(summary!.Batches!);
        Assert.Equal((2, 2, 1, 1, 1), (figures.Participants!.Value, figures.AhliK3!.Value, figures.Upgraded!.Value, figures.Completed!.Value, figures.HighPerforming!.Value));
        Assert.Equal(1, summary.Totals!.Upgraded);

        // Issue and list the certificates, then verify the one issued as anyone would.
        var issued = await staff.Api.V1.Batches[batchId].Certificates.PostAsync();
        Assert.Equal((1, 0), (issued!.Issued!.Value, issued.AlreadyIssued!.Value));
        var certificate = Assert.Single((await staff.Api.V1.Batches[batchId].Certificates.GetAsync())!);
        Assert.Equal(setup.CompletedName, certificate.ParticipantName);
        Assert.True(certificate.HighPerforming);
        Assert.Null(certificate.RevokedAt);
        var verified = await anonymous.Api.V1.Certificates[certificate.Code!].GetAsync();
        Assert.True(verified!.Valid);
        Assert.Equal(certificate.Number, verified.Number);
        Assert.NotEqual(setup.CompletedName, verified.Holder);
        Assert.Equal(1, verified.Batch);

        // A refusal reaches the client as the documented problem, with its Indonesian message.
        var unknown = await Assert.ThrowsAsync<ProblemDetails>(() => anonymous.Api.V1.Certificates["TIDAKADA2345"].GetAsync());
        Assert.Equal(404, unknown.ResponseStatusCode);
        Assert.Equal("Kode tidak ditemukan", unknown.Title);
        var locked = await Assert.ThrowsAsync<ProblemDetails>(() => anonymous.Api.V1.Programs.GetAsync());
        Assert.Equal(401, locked.ResponseStatusCode);
    }

    private static K3Client Client(HttpClient http, IAuthenticationProvider authentication) =>
        new(new HttpClientRequestAdapter(authentication, httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') });

    private static MultipartBody File(string csv, string fileName)
    {
        var body = new MultipartBody();
        body.AddOrReplacePart("file", "text/csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)), fileName);
        return body;
    }

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
