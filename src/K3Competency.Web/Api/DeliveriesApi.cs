using System.Text.Json.Serialization;
using K3Competency.Application;
using K3Competency.Application.Deliveries;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>Certificate e-mail (DESIGN §12): start sending a batch's certificates, and follow each recipient.</summary>
public static class DeliveriesApi
{
    public sealed record SendRequest(bool? Confirm);

    public sealed record Item(
        string Number,
        string Email,
        string Status,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

    public sealed record Report(int Total, int Queued, int Sent, int Failed, IReadOnlyList<Item> Items);

    public static void MapDeliveriesApi(this RouteGroupBuilder api)
    {
        var manage = api.MapGroup("").RequireAuthorization(Policies.Manage).WithTags("Certificates");
        manage.MapPost("/batches/{id:int}/certificates/send", SendAsync).Refuses(Failure.Validation, Failure.Conflict)
            .WithSummary("E-mail the batch's certificates in the background after {confirm: true}: 202 {jobId, recipients}. Sending again queues nothing new.");
        manage.MapGet("/batches/{id:int}/certificates/deliveries", DeliveriesAsync)
            .WithSummary("Each recipient's status: {total, queued, sent, failed, items:[{number, email (masked), status, error?}]}.");
    }

    private static async Task<Results<Accepted<SendStarted>, ProblemHttpResult>> SendAsync(
        int id, SendRequest? body, DeliveryService deliveries, HttpContext http, CancellationToken ct)
    {
        var result = await deliveries.SendAsync(id, body?.Confirm == true, http.User.ToActor(), PublicLinks.Root(http.Request), ct);
        return result.Succeeded
            ? TypedResults.Accepted($"/api/v1/batches/{id}/certificates/deliveries", result.Value)
            : ApiProblems.From(result);
    }

    private static async Task<Results<Ok<Report>, ProblemHttpResult>> DeliveriesAsync(
        int id, DeliveryService deliveries, HttpContext http, CancellationToken ct)
    {
        var result = await deliveries.ReportAsync(id, http.User.ToActor(), ct);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result);
        }
        var r = result.Value!;
        return TypedResults.Ok(new Report(r.Total, r.Queued, r.Sent, r.Failed,
            [.. r.Items.Select(i => new Item(i.Number, i.Email, i.Status, i.Error))]));
    }
}
