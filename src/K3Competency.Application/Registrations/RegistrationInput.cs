using FluentValidation;
using K3Competency.Domain;
using K3Competency.Domain.Rules;

namespace K3Competency.Application.Registrations;

public sealed record RegistrationInput(
    string Nik, string FullName, string? Email, string? Phone, string? Gender, string? Province, string? Employer,
    string Category, string? ExpertiseField, string? LicenseNumber, string? AttendanceMode, string? InstitutionCode);

/// <summary>DESIGN §5 for one registration typed into the form; every message says what to fix.</summary>
public sealed class RegistrationInputValidator : AbstractValidator<RegistrationInput>
{
    public RegistrationInputValidator(TimeProvider time)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        RuleFor(x => x.Nik).Custom((nik, ctx) =>
        {
            var result = Nik.Parse(nik, today);
            if (!result.IsValid)
            {
                ctx.AddFailure(nameof(RegistrationInput.Nik), result.Error!);
            }
        });
        RuleFor(x => x.FullName).PersonName();
        RuleFor(x => x.Email).Email().When(x => !string.IsNullOrWhiteSpace(x.Email));
        RuleFor(x => x.Phone).OptionalPhone();
        RuleFor(x => x.Gender).Must(g => Codes.TryParse<Gender>(g, out _)).When(x => !string.IsNullOrWhiteSpace(x.Gender))
            .WithMessage("Jenis kelamin harus L atau P.");
        RuleFor(x => x).Custom((x, ctx) =>
        {
            if (Nik.Parse(x.Nik, today) is { IsValid: true } parsed && Codes.TryParse<Gender>(x.Gender, out var g)
                && RegistrationRules.GenderAgainstNik(parsed.Nik!.Value, g) is { } mismatch)
            {
                ctx.AddFailure(nameof(RegistrationInput.Gender), mismatch);
            }
        });
        RuleFor(x => x.Province).OptionalProvince();
        RuleFor(x => x.Employer).Employer();
        RuleFor(x => x.Category).Must(c => Codes.TryParse<ParticipantCategory>(c, out _))
            .WithMessage("Kategori harus AHLI_K3, PENGAWAS, STAF_DIREKTORAT atau ANGGOTA_ALPK3I.");
        RuleFor(x => x.ExpertiseField).Custom((field, ctx) =>
        {
            if (Codes.TryParse<ParticipantCategory>(ctx.InstanceToValidate.Category, out var category)
                && RegistrationRules.Expertise(category, field, out _) is { } error)
            {
                ctx.AddFailure(nameof(RegistrationInput.ExpertiseField), error);
            }
        });
        RuleFor(x => x.LicenseNumber).MaximumLength(FieldLengths.LicenseNumber).WithMessage($"Nomor lisensi paling banyak {FieldLengths.LicenseNumber} karakter.");
        RuleFor(x => x.AttendanceMode).Must(m => Codes.TryParse<AttendanceMode>(m, out _)).When(x => !string.IsNullOrWhiteSpace(x.AttendanceMode))
            .WithMessage("Mode kehadiran harus LURING atau DARING.");
    }
}

/// <summary>
/// The rules of DESIGN §5 for a person's own fields, written once for every form that takes them (registration,
/// participant edit).
/// </summary>
public static class PersonRules
{
    public static IRuleBuilderOptions<T, string?> PersonName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("Nama lengkap wajib diisi.")
            .MaximumLength(FieldLengths.PersonName).WithMessage($"Nama paling banyak {FieldLengths.PersonName} karakter.");

    /// <summary>Callers add <c>.When(x => !string.IsNullOrWhiteSpace(x.Email))</c>: a blank e-mail is no e-mail.</summary>
    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) =>
        rule.EmailAddress().WithMessage("Alamat email tidak valid; contoh: nama@contoh.co.id.")
            .MaximumLength(FieldLengths.Email).WithMessage($"Alamat email paling banyak {FieldLengths.Email} karakter.");

    public static IRuleBuilderOptions<T, string?> OptionalPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => string.IsNullOrWhiteSpace(p) || Phone.TryNormalize(p, out _)).WithMessage(Phone.Error);

    public static IRuleBuilderOptions<T, string?> OptionalProvince<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => string.IsNullOrWhiteSpace(p) || Provinces.Find(p) is not null)
            .WithMessage("Provinsi tidak dikenal; tulis kode (mis. 35) atau nama provinsi (mis. Jawa Timur).");

    public static IRuleBuilderOptions<T, string?> Employer<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(FieldLengths.Employer).WithMessage($"Instansi paling banyak {FieldLengths.Employer} karakter.");
}
