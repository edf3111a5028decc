using K3Competency.Application.Batches;
using K3Competency.Application.Identity;
using K3Competency.Application.Institutions;
using K3Competency.Application.Programmes;
using K3Competency.Application.Registrations;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>
/// Two training institutions A and B, built through the app's own services: batch 1 partnered by both (Ani of A and
/// Bambang of B registered), batch 2 by A only (Dewi of A), batch 3 by B only (Citra of B). Each batch has two sessions.
/// </summary>
internal sealed class TwoInstitutions
{
    public int InstitutionA { get; private init; }
    public int InstitutionB { get; private init; }
    public string CodeA { get; private init; } = "";
    public string CodeB { get; private init; } = "";
    public int SharedBatch { get; private init; }
    public int OnlyA { get; private init; }
    public int OnlyB { get; private init; }
    public Registered AniOfA { get; private init; } = null!;
    public Registered BambangOfB { get; private init; } = null!;
    public Registered CitraOfB { get; private init; } = null!;
    public Registered DewiOfA { get; private init; } = null!;

    public static async Task<TwoInstitutions> CreateAsync(K3AppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var suffix = Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        var institutions = sp.GetRequiredService<InstitutionService>();
        var a = (await institutions.CreateAsync(new InstitutionInput("LPK-A" + suffix, "LPK Alpha", "LEMBAGA_PELATIHAN", "35"), Actor.System, default)).Value!;
        var b = (await institutions.CreateAsync(new InstitutionInput("LPK-B" + suffix, "LPK Beta", "LEMBAGA_PELATIHAN", "32"), Actor.System, default)).Value!;
        var programme = (await sp.GetRequiredService<ProgrammeService>()
            .CreateAsync(new ProgrammeInput("PKAK3-" + suffix, "Peningkatan Kompetensi Ahli K3 Uji", 2023), Actor.System, default)).Value!;
        var batches = sp.GetRequiredService<BatchService>();

        async Task<int> BatchAsync(int number, params string[] partners)
        {
            var day = new DateOnly(2023, 11, 1).AddDays(number * 3);
            var result = await batches.CreateAsync(programme.Id, new BatchInput(number, day, day.AddDays(1), "HYBRID", "Jakarta", null, "RUNNING", partners,
                [new SessionInput(1, day, "Hari 1"), new SessionInput(2, day.AddDays(1), "Hari 2")]), Actor.System, default);
            return result.Value!.Id;
        }

        var shared = await BatchAsync(1, a.Code, b.Code);
        var onlyA = await BatchAsync(2, a.Code);
        var onlyB = await BatchAsync(3, b.Code);
        var registrations = sp.GetRequiredService<RegistrationService>();

        async Task<Registered> RegisterAsync(int batchId, string nik, string name, string institution)
        {
            var result = await registrations.RegisterAsync(batchId,
                new RegistrationInput(nik, name, null, null, null, null, null, "AHLI_K3", "UMUM", null, "LURING", institution), Actor.System, default);
            return result.Value ?? throw new InvalidOperationException(string.Join(" ", result.Errors.SelectMany(e => e.Value)));
        }

        return new TwoInstitutions
        {
            InstitutionA = a.Id, InstitutionB = b.Id, CodeA = a.Code, CodeB = b.Code, SharedBatch = shared, OnlyA = onlyA, OnlyB = onlyB,
            AniOfA = await RegisterAsync(shared, "3578080102030001", "Ani Alpha", a.Code),
            BambangOfB = await RegisterAsync(shared, "3273080102030002", "Bambang Beta", b.Code),
            CitraOfB = await RegisterAsync(onlyB, "3273084102030003", "Citra Beta", b.Code),
            DewiOfA = await RegisterAsync(onlyA, "3578084102030004", "Dewi Alpha", a.Code),
        };
    }
}
