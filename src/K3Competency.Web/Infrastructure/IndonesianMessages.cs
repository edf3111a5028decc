using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// Every message MVC itself writes into a form, in Bahasa Indonesia (issue 12): the model-binding messages ("The value
/// '' is invalid.") and the data-annotation ones, including the [Required] MVC adds on its own to non-nullable
/// properties ("The X field is required."). Our own rules say what to fix in their validators; this is the net under them.
/// </summary>
public static class IndonesianMessages
{
    public static MvcOptions UseIndonesianMessages(this MvcOptions options)
    {
        // The field argument is a property's identifier unless it has a [Display] name, so the messages do not name it;
        // each is shown beside its field.
        var m = options.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((value, _) => $"Isian \"{value}\" tidak dapat dibaca; periksa kembali isinya.");
        m.SetMissingBindRequiredValueAccessor(_ => "Isian ini wajib diisi.");
        m.SetMissingKeyOrValueAccessor(() => "Isian ini wajib diisi.");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "Permintaan tidak berisi data; isi formulirnya lalu kirim lagi.");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"Isian \"{value}\" tidak dapat dibaca; periksa kembali isinya.");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Isian ini tidak dapat dibaca; periksa kembali isinya.");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "Isian ini harus berupa angka.");
        m.SetUnknownValueIsInvalidAccessor(_ => "Isian ini tidak dapat dibaca; periksa kembali isinya.");
        m.SetValueIsInvalidAccessor(value => $"Isian \"{value}\" tidak dapat dibaca; periksa kembali isinya.");
        m.SetValueMustBeANumberAccessor(_ => "Isian ini harus berupa angka.");
        m.SetValueMustNotBeNullAccessor(_ => "Isian ini wajib diisi.");
        options.ModelMetadataDetailsProviders.Add(new DataAnnotationMessages());
        return options;
    }

    /// <summary>Gives data-annotation attributes that carry the framework's English default an Indonesian one.</summary>
    private sealed class DataAnnotationMessages : IValidationMetadataProvider
    {
        public void CreateValidationMetadata(ValidationMetadataProviderContext context)
        {
            // {0} is the [Display] name when there is one, else the property's identifier: then the message names no field.
            var named = context.Attributes.OfType<DisplayAttribute>().Any(d => d.Name is not null);
            var field = named ? "{0}" : "Isian ini";
            foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
            {
                if (!string.IsNullOrEmpty(attribute.ErrorMessage) || attribute.ErrorMessageResourceType is not null)
                {
                    continue;
                }
                attribute.ErrorMessage = attribute switch
                {
                    RequiredAttribute => $"{field} wajib diisi.",
                    EmailAddressAttribute => $"{field} bukan alamat email yang valid; contoh: nama@contoh.co.id.",
                    StringLengthAttribute => $"{field} paling banyak {{1}} karakter.",
                    MaxLengthAttribute => $"{field} paling banyak {{1}} karakter.",
                    MinLengthAttribute => $"{field} paling sedikit {{1}} karakter.",
                    RangeAttribute => $"{field} harus antara {{1}} dan {{2}}.",
                    CompareAttribute => $"{field} tidak sama dengan {{1}}.",
                    _ => $"{field} tidak valid; periksa kembali isinya.",
                };
            }
        }
    }
}
