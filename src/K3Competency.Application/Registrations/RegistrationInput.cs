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
        RuleFor(x => x.FullName).NotEmpty().WithMessage("Nama lengkap wajib diisi.")
            .MaximumLength(FieldLengths.PersonName).WithMessage($"Nama paling banyak {FieldLengths.PersonName} karakter.");
        RuleFor(x => x.Email).EmailAddress().When(x => !string.IsNullOrWhiteSpace(x.Email))
            .WithMessage("Alamat email tidak valid; contoh: nama@contoh.co.id.")
            .MaximumLength(FieldLengths.Email);
        RuleFor(x => x.Phone).Must(p => Phone.TryNormalize(p, out _)).When(x => !string.IsNullOrWhiteSpace(x.Phone)).WithMessage(Phone.Error);
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
        RuleFor(x => x.Province).Must(p => Provinces.Find(p) is not null).When(x => !string.IsNullOrWhiteSpace(x.Province))
            .WithMessage("Provinsi tidak dikenal; tulis kode (mis. 35) atau nama provinsi (mis. Jawa Timur).");
        RuleFor(x => x.Employer).MaximumLength(FieldLengths.Employer).WithMessage($"Instansi paling banyak {FieldLengths.Employer} karakter.");
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
