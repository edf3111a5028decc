using K3Competency.Application;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace K3Competency.Web.Infrastructure;

public static class ModelStateExtensions
{
    /// <summary>Copies a service's errors (camelCase field names) onto the page's input model fields.</summary>
    public static void AddErrors<T>(this ModelStateDictionary modelState, ServiceResult<T> result, string prefix = "Input")
    {
        foreach (var (field, messages) in result.Errors)
        {
            var key = field.Length == 0 ? "" : $"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}";
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }
    }
}
