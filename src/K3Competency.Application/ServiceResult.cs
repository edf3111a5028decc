namespace K3Competency.Application;

/// <summary>
/// Why a service said no. Each kind has exactly one HTTP status, chosen in one place
/// (<c>K3Competency.Web.Infrastructure.Failures</c>); see docs/adr/0002-one-way-to-fail.md.
/// </summary>
public enum Failure
{
    None,
    /// <summary>The input breaks a rule; the errors say which field and what to fix (422).</summary>
    Validation,
    /// <summary>The thing asked for does not exist (404).</summary>
    NotFound,
    /// <summary>The actor's role or institution may not do this (403).</summary>
    Forbidden,
    /// <summary>The request clashes with what is stored: a code already used, a certificate already revoked (409).</summary>
    Conflict,
    /// <summary>The row changed since the user read it (409); the result carries the current value.</summary>
    Stale,
    /// <summary>The request or file cannot be read as a whole: not CSV/XLSX, empty, no header (400).</summary>
    Unreadable,
    /// <summary>The upload is over the configured limit, refused before parsing (413).</summary>
    TooLarge,
    /// <summary>Not signed in, or wrong credentials (401).</summary>
    Unauthenticated,
    /// <summary>Too many attempts; try again later (429).</summary>
    TooManyRequests,
    /// <summary>What was good for a while no longer is: a check-in QR code of an earlier window (410).</summary>
    Expired,
}

/// <summary>
/// The outcome of every Application service operation that can be refused: a value, or why not (errors keyed
/// by field, camelCase; "" for the whole input). The one way a service fails: Web maps it once to
/// ProblemDetails (<c>ApiProblems.From</c>) and once to pages (<c>ServiceResultPages</c>).
/// </summary>
public sealed record ServiceResult<T>(T? Value, Failure Failure, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Failure == Failure.None;

    /// <summary>Every message, in order, as one sentence for a flash message or a problem's detail.</summary>
    public string Message => string.Join(" ", Errors.SelectMany(e => e.Value));

    public static ServiceResult<T> Ok(T value) => new(value, Failure.None, new Dictionary<string, string[]>());

    public static ServiceResult<T> Fail(Failure failure, string field, string message) =>
        new(default, failure, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A whole-request refusal (no particular field).</summary>
    public static ServiceResult<T> Fail(Failure failure, string message) => Fail(failure, "", message);

    public static ServiceResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(default, Failure.Validation, errors);

    public static ServiceResult<T> From(FluentValidation.Results.ValidationResult validation) =>
        Invalid(validation.Errors.GroupBy(e => FieldName.Camel(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));

    /// <summary>The same failure for an operation of another value type.</summary>
    public ServiceResult<TOther> As<TOther>() => new(default, Failure, Errors);
}

/// <summary>Field names as services report them: camelCase, like the JSON the API reads and writes.</summary>
internal static class FieldName
{
    public static string Camel(string name) =>
        string.Join('.', name.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
