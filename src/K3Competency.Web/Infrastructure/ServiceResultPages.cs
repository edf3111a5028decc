using K3Competency.Application;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// A failed service result on a page, mapped here once: not found and forbidden end the request (404, 403);
/// every other failure is shown in the form, its errors copied onto the input fields.
/// </summary>
public static class ServiceResultPages
{
    /// <summary>The 404 or 403 page for a result that refuses the whole request; null when the page should show the errors.</summary>
    public static IActionResult? Refusal<T>(this PageModel page, ServiceResult<T> result) => result.Failure switch
    {
        Failure.NotFound => page.NotFound(),
        Failure.Forbidden => page.Forbid(),
        _ => null,
    };

    /// <summary>
    /// Copies a service's errors (camelCase field names) onto the page's input model fields: "email" becomes
    /// "Input.Email". <paramref name="keys"/> names the page field of a service field the page calls otherwise.
    /// </summary>
    public static void AddErrors<T>(this ModelStateDictionary modelState, ServiceResult<T> result, string prefix = "Input",
        IReadOnlyDictionary<string, string>? keys = null)
    {
        foreach (var (field, messages) in result.Errors)
        {
            var key = keys is not null && keys.TryGetValue(field, out var named) ? named
                : field.Length == 0 ? ""
                : $"{prefix}{(prefix.Length == 0 ? "" : ".")}{char.ToUpperInvariant(field[0])}{field[1..]}";
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }
    }
}
