using K3Competency.Web.Api.OpenApi;

namespace K3Competency.Web.Api;

/// <summary>The JSON API of DESIGN §7 under /api/v1; each feature maps its own group.</summary>
public static class ApiSetup
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").DisableAntiforgery().DescribeProblems();
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapProgrammesApi();
        api.MapImportsApi();
        api.MapCertificatesApi();
        api.MapRegistrationsApi();
        api.MapParticipantsApi();
        api.MapDeliveriesApi();
        api.MapCredentialsApi();
        api.MapReportingApi();
        api.MapAttendanceApi();
        api.MapExportsApi();
        api.MapSelfServiceApi();
        app.MapCredentialKeys();
        return app;
    }
}
