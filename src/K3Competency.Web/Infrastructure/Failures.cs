using K3Competency.Application;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// The one table from a service's <see cref="Failure"/> to an HTTP status and a default Indonesian title.
/// The API (<c>ApiProblems</c>) and the pages (<see cref="ServiceResultPages"/>) both read it; nothing else
/// picks a status code for a refusal (docs/adr/0002-one-way-to-fail.md).
/// </summary>
public static class Failures
{
    public static int StatusOf(Failure failure) => failure switch
    {
        Failure.Validation => StatusCodes.Status422UnprocessableEntity,
        Failure.NotFound => StatusCodes.Status404NotFound,
        Failure.Forbidden => StatusCodes.Status403Forbidden,
        Failure.Conflict or Failure.Stale => StatusCodes.Status409Conflict,
        Failure.Unreadable => StatusCodes.Status400BadRequest,
        Failure.TooLarge => StatusCodes.Status413PayloadTooLarge,
        Failure.Unauthenticated => StatusCodes.Status401Unauthorized,
        Failure.TooManyRequests => StatusCodes.Status429TooManyRequests,
        Failure.Expired => StatusCodes.Status410Gone,
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "A succeeded result has no failure status."),
    };

    /// <summary>
    /// The failure a status stands for, read back from <see cref="StatusOf"/> (409 reads as Conflict); null for a
    /// status no refusal has (405, 415, 5xx). Lets the framework's own problems take the same titles.
    /// </summary>
    public static Failure? OfStatus(int status) =>
        Enum.GetValues<Failure>().Where(f => f != Failure.None).Select(f => (Failure?)f).FirstOrDefault(f => StatusOf(f!.Value) == status);

    public static string TitleOf(Failure failure) => failure switch
    {
        Failure.Validation => "Data tidak valid",
        Failure.NotFound => "Tidak ditemukan",
        Failure.Forbidden => "Tidak diizinkan",
        Failure.Conflict or Failure.Stale => "Konflik",
        Failure.Unreadable => "Berkas atau permintaan tidak dapat dibaca",
        Failure.TooLarge => "Berkas terlalu besar",
        Failure.Unauthenticated => "Tidak dapat masuk",
        Failure.TooManyRequests => "Terlalu banyak percobaan",
        Failure.Expired => "Kedaluwarsa",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "A succeeded result has no failure title."),
    };
}
