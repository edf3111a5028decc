using System.Net;
using System.Text;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Access;

/// <summary>
/// Every page and API endpoint the app maps, found through its own endpoint data source, is requested by
/// anonymous and by each role, and the outcome checked against the table below. A page or endpoint added
/// later without a line here fails the test, so access is decided, never forgotten.
/// </summary>
public sealed class AuthorizationMatrixTests(AppFixture fixture) : IntegrationTest(fixture)
{
    // Participant: only a participant session (DESIGN §10.5); every staff login and anonymous is sent to /saya to ask for a link.
    private enum Access { Anonymous, SignedIn, Admin, Manage, Read, Upload, BatchRead, Participant }

    private static readonly Dictionary<string, Access> Expected = new(StringComparer.Ordinal)
    {
        // Pages, by their path.
        ["/Index"] = Access.Anonymous,
        ["/Error"] = Access.Anonymous,
        ["/Status"] = Access.Anonymous,
        ["/Account/Login"] = Access.Anonymous,
        ["/Account/LoginWith2fa"] = Access.Anonymous,
        ["/Account/Logout"] = Access.SignedIn,
        ["/Account/ChangePassword"] = Access.SignedIn,
        ["/Account/TwoFactor"] = Access.SignedIn,
        ["/Admin/Users/Index"] = Access.Admin,
        ["/Admin/Users/Create"] = Access.Admin,
        ["/Admin/Users/Edit"] = Access.Admin,
        ["/Admin/Security"] = Access.Admin,
        ["/Admin/Audit"] = Access.Admin,
        ["/Admin/CertificateImages"] = Access.Admin,
        ["/Institutions/Index"] = Access.Manage,
        ["/Institutions/Edit"] = Access.Manage,
        ["/Programmes/Index"] = Access.Manage,
        ["/Programmes/Edit"] = Access.Manage,
        ["/Programmes/Details"] = Access.Manage,
        ["/Programmes/Delete"] = Access.Manage,
        ["/Batches/Details"] = Access.BatchRead,
        ["/Batches/Edit"] = Access.Manage,
        ["/Batches/Register"] = Access.Manage,
        ["/Batches/Delete"] = Access.Manage,
        ["/Participants/Index"] = Access.BatchRead,
        ["/Participants/Details"] = Access.BatchRead,
        ["/Uploads/Index"] = Access.Upload,
        ["/Uploads/New"] = Access.Upload,
        ["/Uploads/Template"] = Access.Upload,
        ["/Uploads/Errors"] = Access.Upload,
        ["/Uploads/Undo"] = Access.Manage,
        ["/Uploads/Changes"] = Access.Upload,
        ["/Verify/Index"] = Access.Anonymous,
        ["/ApiDocs/Index"] = Access.Anonymous,
        ["/Issuer/Index"] = Access.Anonymous,
        ["/Certificates/Batch"] = Access.Manage,
        ["/Certificates/View"] = Access.Manage,
        ["/Certificates/Pdf"] = Access.Manage,
        ["/Certificates/Send"] = Access.Manage,
        ["/Dashboard/Index"] = Access.Read,
        ["/Dashboard/Export"] = Access.Read,
        ["/Registrations/Edit"] = Access.Manage,
        ["/Registrations/Queue"] = Access.Manage,
        ["/Workspace/Index"] = Access.Upload,
        ["/Attendance/MeetingReport"] = Access.Upload,
        ["/Attendance/Review"] = Access.Upload,
        ["/Attendance/Session"] = Access.Upload,
        ["/CheckIn/Display"] = Access.Upload,
        ["/CheckIn/Devices"] = Access.Upload,
        ["/Presensi/Index"] = Access.Anonymous,
        ["/Daftar/Index"] = Access.Anonymous,
        ["/Saya/Index"] = Access.Anonymous,
        ["/Saya/Masuk"] = Access.Anonymous,
        ["/Saya/Email"] = Access.Anonymous,
        ["/Saya/Halaman"] = Access.Participant,
        ["/Saya/Sertifikat"] = Access.Participant,
        // Endpoints, by method and route.
        ["GET /health/live"] = Access.Anonymous,
        ["GET /health/ready"] = Access.Anonymous,
        ["GET /openapi/{documentName}.json"] = Access.Anonymous,
        ["POST /api/v1/auth/login"] = Access.Anonymous,
        ["POST /api/v1/users"] = Access.Admin,
        ["GET /api/v1/institutions"] = Access.Read,
        ["POST /api/v1/institutions"] = Access.Manage,
        ["GET /api/v1/programs"] = Access.Read,
        ["GET /api/v1/programs/{id:int}"] = Access.Read,
        ["POST /api/v1/programs"] = Access.Manage,
        ["POST /api/v1/programs/{id:int}/batches"] = Access.Manage,
        ["GET /api/v1/batches/{id:int}"] = Access.BatchRead,
        ["POST /api/v1/batches/{id:int}/registrations/import"] = Access.Manage,
        ["POST /api/v1/batches/{id:int}/attendance/import"] = Access.Upload,
        ["POST /api/v1/batches/{id:int}/results/import"] = Access.Upload,
        ["GET /api/v1/uploads"] = Access.Manage,
        ["POST /api/v1/uploads/{id:long}/undo"] = Access.Manage,
        ["POST /api/v1/batches/{id:int}/certificates"] = Access.Manage,
        ["GET /api/v1/batches/{id:int}/certificates"] = Access.Manage,
        ["POST /api/v1/batches/{id:int}/certificates/send"] = Access.Manage,
        ["GET /api/v1/batches/{id:int}/certificates/deliveries"] = Access.Manage,
        ["POST /api/v1/certificates/{code}/revoke"] = Access.Manage,
        ["GET /api/v1/certificates/{code}"] = Access.Anonymous,
        ["GET /api/v1/batches/{id:int}/certificates/zip"] = Access.Upload,
        ["GET /.well-known/jwks.json"] = Access.Anonymous,
        // Signed-in users reach it; the service admits Staff and Admin (issue 15 adds the holder).
        ["GET /api/v1/certificates/{code}/credential"] = Access.Manage,
        ["POST /api/v1/credentials/verify"] = Access.Anonymous,
        ["GET /api/v1/programs/{id:int}/summary"] = Access.Read,
        ["PUT /api/v1/registrations/{id:long}/scores"] = Access.Upload,
        ["POST /api/v1/registrations/{id:long}/cancel"] = Access.Manage,
        ["POST /api/v1/registrations/{id:long}/restore"] = Access.Manage,
        ["PATCH /api/v1/participants/{id:long}"] = Access.Manage,
        ["/Participants/Edit"] = Access.Manage,
        ["POST /api/v1/batches/{id:int}/sessions/{number:int}/meeting-report"] = Access.Upload,
        ["POST /api/v1/batches/{id:int}/aliases"] = Access.Upload,
        ["GET /api/v1/batches/{id:int}/sessions/{number:int}/check-in"] = Access.Upload,
        ["POST /api/v1/check-in"] = Access.Anonymous,
        ["GET /api/v1/batches/{id:int}/export/{list}"] = Access.BatchRead,
        ["POST /api/v1/public/batches/{id:int}/registrations"] = Access.Anonymous,
        ["GET /api/v1/batches/{id:int}/registrations"] = Access.Manage,
        ["POST /api/v1/registrations/{id:long}/approve"] = Access.Manage,
        ["POST /api/v1/registrations/{id:long}/reject"] = Access.Manage,
    };

    private static readonly Dictionary<Access, string[]> Allowed = new()
    {
        [Access.SignedIn] = [.. Roles.All],
        [Access.Admin] = [Roles.Admin],
        [Access.Manage] = [Roles.Admin, Roles.Staff],
        [Access.Read] = [Roles.Admin, Roles.Staff, Roles.Director],
        [Access.Upload] = [Roles.Admin, Roles.Staff, Roles.InstitutionAdmin],
        [Access.BatchRead] = [.. Roles.All],
        [Access.Participant] = [],
    };

    [Fact]
    public async Task Every_page_and_endpoint_admits_exactly_the_roles_of_DESIGN_2()
    {
        var targets = AppEndpoints.Discover(Factory.Services);
        var missing = targets.Where(t => !Expected.ContainsKey(t.Key)).Select(t => t.Key).ToList();
        Assert.True(missing.Count == 0, "No expected access for: " + string.Join(", ", missing));
        var stale = Expected.Keys.Where(k => targets.All(t => t.Key != k)).ToList();
        Assert.True(stale.Count == 0, "Expected access for something the app no longer maps: " + string.Join(", ", stale));

        var clients = new Dictionary<string, FormClient> { ["anonymous"] = Factory.CreateFormClient() };
        foreach (var role in Roles.All)
        {
            clients[role] = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, role));
        }
        // The API takes the cookie for writes only with the antiforgery header (CsrfTests); send it, so that
        // what is checked here is the role.
        var tokens = new Dictionary<string, string>();
        foreach (var (who, client) in clients)
        {
            tokens[who] = FormClient.AntiforgeryToken(await client.GetStringAsync("/Account/Login"))!;
        }

        var failures = new List<string>();
        foreach (var target in targets)
        {
            var access = Expected[target.Key];
            foreach (var (who, client) in clients)
            {
                var allowed = access == Access.Anonymous || (who != "anonymous" && Allowed[access].Contains(who));
                using var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Url());
                if (target.Method != "GET")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    request.Headers.Add("RequestVerificationToken", tokens[who]);
                }
                using var response = await client.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                var toLogin = response.StatusCode == HttpStatusCode.Redirect
                              && response.Headers.Location?.ToString().Contains("/Account/Login", StringComparison.Ordinal) == true;
                string? problem = null;
                if (access == Access.Participant)
                {
                    var toSaya = response.StatusCode == HttpStatusCode.Redirect
                                 && response.Headers.Location?.ToString().Contains("/saya?", StringComparison.Ordinal) == true;
                    problem = toSaya ? null : $"got {status}, expected a redirect to /saya";
                }
                else if (allowed && (status is 401 or 403 || toLogin))
                {
                    problem = $"refused with {status}";
                }
                else if (!allowed && who == "anonymous" && !(target.IsApi ? status == 401 : toLogin))
                {
                    problem = $"anonymous got {status}, expected {(target.IsApi ? "401" : "a redirect to the login page")}";
                }
                else if (!allowed && who != "anonymous" && status != 403)
                {
                    problem = $"got {status}, expected 403";
                }
                if (problem is not null)
                {
                    failures.Add($"{target.Key} as {who}: {problem}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
