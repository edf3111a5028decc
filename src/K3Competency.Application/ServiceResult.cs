namespace K3Competency.Application;

public enum Failure { None, Validation, NotFound, Forbidden, Conflict, Stale }

/// <summary>
/// The outcome of a service write: a value, or why not (errors keyed by field, camelCase; "" for the whole
/// input). Pages copy the errors to ModelState; the API maps Failure to 422/404/403/409.
/// </summary>
public sealed record ServiceResult<T>(T? Value, Failure Failure, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Failure == Failure.None;

    public static ServiceResult<T> Ok(T value) => new(value, Failure.None, new Dictionary<string, string[]>());

    public static ServiceResult<T> Fail(Failure failure, string field, string message) =>
        new(default, failure, new Dictionary<string, string[]> { [field] = [message] });

    public static ServiceResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(default, Failure.Validation, errors);

    public static ServiceResult<T> From(FluentValidation.Results.ValidationResult validation) =>
        Invalid(validation.Errors.GroupBy(e => Camel(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));

    public ServiceResult<TOther> As<TOther>() => new(default, Failure, Errors);

    private static string Camel(string name) =>
        string.Join('.', name.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
