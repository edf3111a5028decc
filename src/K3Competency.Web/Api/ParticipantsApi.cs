using K3Competency.Application;
using K3Competency.Application.Registrations;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>Participant correction of DESIGN §12; the same service as the participant edit page.</summary>
public static class ParticipantsApi
{
    public static void MapParticipantsApi(this RouteGroupBuilder api)
    {
        api.MapPatch("/participants/{id:long}", EditAsync).RequireAuthorization(Policies.Manage).WithTags("Participants")
            .Refuses(Failure.Validation, Failure.Conflict)
            .WithSummary("Change a person's name, email, phone, employer or province (NIK: Admin with reason); 409 when a valid certificate names the old name, unless revokeCertificates: true with a reason.");
    }

    private static async Task<Results<Ok<ParticipantEdited>, ProblemHttpResult>> EditAsync(
        long id, ParticipantEdit edit, ParticipantEditService participants, HttpContext http, CancellationToken ct)
    {
        var result = await participants.EditAsync(id, edit, http.User.ToActor(), ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : ApiProblems.From(result);
    }
}
