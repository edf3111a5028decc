using K3Competency.Domain;
using K3Competency.Domain.Rules;

namespace K3Competency.Application.Demo;

internal sealed record DemoInstitution(string Code, string Name, InstitutionType Type, string ProvinceCode);

internal sealed record DemoBatch(int Number, DateOnly StartDate, BatchMode Mode, string Venue, int Capacity, BatchStatus Status,
    string[] SessionTitles, string[] PartnerCodes)
{
    /// <summary>One session a day on consecutive days.</summary>
    public DateOnly EndDate => StartDate.AddDays(SessionTitles.Length - 1);
}

internal sealed record DemoPerson(string Nik, string FullName, string? Email, string? Phone, Gender Gender, DateOnly BirthDate,
    string ProvinceCode, string Employer, ParticipantCategory Category, string? ExpertiseField, string? LicenseNumber);

/// <summary>A registration with its attendance: one status per session (null = no row yet) and the scores.</summary>
internal sealed record DemoRegistration(DemoPerson Person, int BatchNumber, AttendanceMode Mode, string InstitutionCode,
    decimal? PreTest, decimal? PostTest, string?[] Statuses, DateTime RegisteredAt);

/// <summary>
/// The demo programme of DESIGN §8, built so that the reporting service shows the 2023 figures of DESIGN §1
/// exactly. The figures follow from the plan below, not from chance: the random draws (fixed seed) only
/// choose names, NIKs, which sessions were missed and the scores inside each outcome's range.
/// <list type="bullet">
/// <item>Batches 1-5: <see cref="NewUpgraded"/> Ahli K3 are upgraded for the first time in each batch
/// (11.321 in all); exactly 7.436 of them are high-performing in at least one registration.</item>
/// <item><see cref="Repeaters"/> of them are upgraded again in a later batch, so the per-batch upgraded counts
/// add up to more than the distinct total; <see cref="LateComers"/> missed an earlier batch first.</item>
/// <item>No-shows register but never attend (IZIN/ALPA), so they are never upgraded in batches 1-5; some come
/// back in batch 6.</item>
/// <item>Batch 6 (running): 1.298 Ahli K3 never upgraded before, all present on day 1, plus 727 inspectors,
/// directorate staff and ALPK3I members; no day-2 attendance and no scores yet.</item>
/// </list>
/// </summary>
internal sealed class DemoData
{
    public const string ProgrammeCode = "PKAK3-2023";
    public const string ProgrammeName = "Peningkatan Kompetensi Ahli K3 Tahun 2023";
    public const int ProgrammeYear = 2023;
    public const decimal MinAttendancePercent = 80m;
    public const decimal PassingScore = 70m;
    public const decimal HighPerformanceScore = 85m;
    public const int TargetUpgraded = 15_000;
    public const int TargetHighPerforming = 9_000;

    public const int UpgradedThroughBatch5 = 11_321;
    public const int HighPerformingThroughBatch5 = 7_436;
    public const int Batch6AhliK3 = 1_298;
    public const int Batch6Others = 727;

    private const int Seed = 20231116;
    private const int Repeaters = 180;
    private const int LateComers = 30;
    private const int NoShowsBackInBatch6 = 40;

    /// <summary>Ahli K3 upgraded for the first time in batches 1..5; they add up to 11.321.</summary>
    private static readonly int[] NewUpgraded = [2_104, 2_187, 2_296, 2_341, 2_393];
    private static readonly int[] NoShows = [64, 71, 58, 77, 69];
    private static readonly int[] OthersPerBatch = [118, 96, 143, 109, 131];
    private static readonly (ParticipantCategory Category, int Count)[] Batch6OthersByCategory =
        [(ParticipantCategory.Pengawas, 412), (ParticipantCategory.StafDirektorat, 88), (ParticipantCategory.AnggotaAlpk3i, 227)];

    public const string DirectorateCode = "DITBINKEL-K3";
    public const string AssociationCode = "ALPK3I";

    public static readonly IReadOnlyList<DemoInstitution> Institutions =
    [
        new(DirectorateCode, "Direktorat Bina Kelembagaan K3", InstitutionType.Direktorat, "31"),
        new(AssociationCode, "Asosiasi Lembaga Pelatihan K3 Indonesia (ALPK3I)", InstitutionType.Asosiasi, "31"),
        new("LP-BINAK3-JKT", "Lembaga Pelatihan Bina K3 Nusantara", InstitutionType.LembagaPelatihan, "31"),
        new("LP-SAFETY-BDG", "Lembaga Pelatihan Safety Prima Bandung", InstitutionType.LembagaPelatihan, "32"),
        new("LP-MANDIRI-SMG", "Lembaga Pelatihan K3 Mandiri Semarang", InstitutionType.LembagaPelatihan, "33"),
        new("PJK3-SURYA-SBY", "PJK3 PT Surya Keselamatan Indonesia", InstitutionType.Pjk3, "35"),
        new("PJK3-BORNEO-BPN", "PJK3 PT Borneo Safety Training", InstitutionType.Pjk3, "64"),
        new("LP-CELEBES-MKS", "Lembaga Pelatihan K3 Celebes", InstitutionType.LembagaPelatihan, "73"),
        new("PJK3-ANDALAS-MDN", "PJK3 PT Andalas Sentosa K3", InstitutionType.Pjk3, "12"),
        new("LP-DEWATA-DPS", "Lembaga Pelatihan K3 Dewata", InstitutionType.LembagaPelatihan, "51"),
        new("PJK3-CILEGON", "PJK3 PT Cilegon Safety Center", InstitutionType.Pjk3, "36"),
    ];

    private static readonly string[] Topics =
    [
        "Kebijakan dan Peraturan Perundangan K3",
        "Sistem Manajemen K3 (SMK3) dan Manajemen Risiko",
        "Investigasi Kecelakaan Kerja dan Penyakit Akibat Kerja",
        "Budaya K3 dan Kepemimpinan",
    ];

    private const string ClosingTopic = "Studi Kasus, Evaluasi dan Post-test";

    private static string[] Sessions(int count) => [.. Topics.Take(count - 1), ClosingTopic];

    private static string[] Partners(params string[] training) => [DirectorateCode, AssociationCode, .. training];

    public static readonly IReadOnlyList<DemoBatch> Batches =
    [
        new(1, new DateOnly(2023, 3, 13), BatchMode.Hybrid, "Gedung Kemnaker, Jakarta Selatan, dan daring", 2_600, BatchStatus.Finished,
            Sessions(3), Partners("LP-BINAK3-JKT", "LP-SAFETY-BDG", "PJK3-CILEGON")),
        new(2, new DateOnly(2023, 5, 9), BatchMode.Daring, "Daring (Zoom Meeting)", 2_600, BatchStatus.Finished,
            Sessions(3), Partners("LP-MANDIRI-SMG", "PJK3-SURYA-SBY", "LP-DEWATA-DPS")),
        new(3, new DateOnly(2023, 7, 17), BatchMode.Hybrid, "Surabaya dan daring", 2_600, BatchStatus.Finished,
            Sessions(5), Partners("PJK3-SURYA-SBY", "PJK3-BORNEO-BPN", "LP-CELEBES-MKS")),
        new(4, new DateOnly(2023, 8, 22), BatchMode.Daring, "Daring (Zoom Meeting)", 2_600, BatchStatus.Finished,
            Sessions(4), Partners("PJK3-ANDALAS-MDN", "LP-BINAK3-JKT", "LP-MANDIRI-SMG")),
        new(5, new DateOnly(2023, 10, 9), BatchMode.Hybrid, "Bandung dan daring", 2_600, BatchStatus.Finished,
            Sessions(5), Partners("LP-SAFETY-BDG", "PJK3-CILEGON", "PJK3-BORNEO-BPN", "LP-DEWATA-DPS")),
        // DESIGN §1: hybrid, Thursday-Friday 16-17/11/2023, running.
        new(6, new DateOnly(2023, 11, 16), BatchMode.Hybrid, "Jakarta dan daring (Zoom Meeting)", 2_500, BatchStatus.Running,
            Sessions(2), Partners("LP-BINAK3-JKT", "PJK3-SURYA-SBY", "LP-CELEBES-MKS", "PJK3-ANDALAS-MDN")),
    ];

    public List<DemoPerson> People { get; } = [];
    public List<DemoRegistration> Registrations { get; } = [];

    private enum Outcome { HighPerforming, Completed, LowAttendance, Failed, NoShow, FirstDayPresent, FirstDayAny }

    private readonly Random _rng = new(Seed);
    private readonly HashSet<string> _niks = new(StringComparer.Ordinal);
    private readonly HashSet<(string Nik, int Batch)> _registered = [];

    private DemoData()
    {
    }

    public static DemoData Build()
    {
        if (NewUpgraded.Sum() != UpgradedThroughBatch5)
        {
            throw new InvalidOperationException("The demo plan does not add up to the 2023 figures.");
        }
        var data = new DemoData();
        data.Generate();
        return data;
    }

    private void Generate()
    {
        // Ahli K3 upgraded in batches 1-5, by the batch of their first upgrade.
        var upgraded = new List<(DemoPerson Person, int First)>();
        for (var b = 1; b <= NewUpgraded.Length; b++)
        {
            for (var i = 0; i < NewUpgraded[b - 1]; i++)
            {
                upgraded.Add((NewPerson(ParticipantCategory.AhliK3), b));
            }
        }

        var order = Shuffled(upgraded.Count);
        var high = new bool[upgraded.Count];
        foreach (var i in order.Take(HighPerformingThroughBatch5))
        {
            high[i] = true;
        }

        var second = new int?[upgraded.Count];
        foreach (var i in Shuffled(upgraded.Count).Where(i => upgraded[i].First < 5).Take(Repeaters))
        {
            second[i] = _rng.Next(upgraded[i].First + 1, 6);
        }
        var earlier = new int?[upgraded.Count];
        foreach (var i in Shuffled(upgraded.Count).Where(i => upgraded[i].First > 1 && second[i] is null).Take(LateComers))
        {
            earlier[i] = _rng.Next(1, upgraded[i].First);
        }

        for (var i = 0; i < upgraded.Count; i++)
        {
            var (person, first) = upgraded[i];
            if (earlier[i] is { } e)
            {
                Register(person, e, Outcome.NoShow);
            }
            if (second[i] is { } g)
            {
                // Every high-performing person is high-performing in at least one of the two batches, and no
                // one else is in either; so the distinct count stays exactly the plan's.
                var (o1, o2) = !high[i] ? (NotHigh(), NotHigh())
                    : _rng.NextDouble() switch
                    {
                        < 0.55 => (NotHigh(), Outcome.HighPerforming), // came back and did better
                        < 0.80 => (Outcome.HighPerforming, Outcome.HighPerforming),
                        _ => (Outcome.HighPerforming, Outcome.Completed),
                    };
                Register(person, first, o1);
                Register(person, g, o2);
            }
            else
            {
                Register(person, first, high[i] ? Outcome.HighPerforming : NotHigh());
            }
        }

        // Registered for batches 1-5 but never came; they are not upgraded there.
        var noShows = new List<DemoPerson>();
        for (var b = 1; b <= NoShows.Length; b++)
        {
            for (var i = 0; i < NoShows[b - 1]; i++)
            {
                var person = NewPerson(ParticipantCategory.AhliK3);
                noShows.Add(person);
                Register(person, b, Outcome.NoShow);
            }
        }

        // Inspectors, directorate staff and ALPK3I members: they take part but never count as upgraded.
        var others = new List<DemoPerson>();
        for (var b = 1; b <= OthersPerBatch.Length; b++)
        {
            for (var i = 0; i < OthersPerBatch[b - 1]; i++)
            {
                var category = _rng.NextDouble() switch
                {
                    < 0.55 => ParticipantCategory.Pengawas,
                    < 0.70 => ParticipantCategory.StafDirektorat,
                    _ => ParticipantCategory.AnggotaAlpk3i,
                };
                Register(OtherPerson(others, category, b, 0.12), b, _rng.NextDouble() < 0.9 ? Outcome.Completed : Outcome.LowAttendance);
            }
        }

        // Batch 6: 1.298 Ahli K3 upgraded for the first time (former no-shows among them), 727 others.
        foreach (var i in Shuffled(noShows.Count).Take(NoShowsBackInBatch6))
        {
            Register(noShows[i], 6, Outcome.FirstDayPresent);
        }
        for (var i = NoShowsBackInBatch6; i < Batch6AhliK3; i++)
        {
            Register(NewPerson(ParticipantCategory.AhliK3), 6, Outcome.FirstDayPresent);
        }
        foreach (var (category, count) in Batch6OthersByCategory)
        {
            for (var i = 0; i < count; i++)
            {
                Register(OtherPerson(others, category, 6, 0.15), 6, Outcome.FirstDayAny);
            }
        }
    }

    private Outcome NotHigh() => _rng.NextDouble() switch
    {
        < 0.68 => Outcome.Completed,
        < 0.88 => Outcome.Failed,
        _ => Outcome.LowAttendance,
    };

    /// <summary>Someone of <paramref name="category"/> who came to an earlier batch (by chance), else a new person.</summary>
    private DemoPerson OtherPerson(List<DemoPerson> pool, ParticipantCategory category, int batch, double returning)
    {
        if (_rng.NextDouble() < returning)
        {
            var start = _rng.Next(Math.Max(pool.Count, 1));
            for (var k = 0; k < pool.Count; k++)
            {
                var p = pool[(start + k) % pool.Count];
                if (p.Category == category && !_registered.Contains((p.Nik, batch)))
                {
                    return p;
                }
            }
        }
        var person = NewPerson(category);
        pool.Add(person);
        return person;
    }

    private void Register(DemoPerson person, int batchNumber, Outcome outcome)
    {
        if (!_registered.Add((person.Nik, batchNumber)))
        {
            throw new InvalidOperationException("The demo plan registers a person twice in one batch.");
        }
        var batch = Batches[batchNumber - 1];
        var sessions = batch.SessionTitles.Length;
        var mode = batch.Mode switch
        {
            BatchMode.Luring => AttendanceMode.Luring,
            BatchMode.Daring => AttendanceMode.Daring,
            _ => _rng.NextDouble() < 0.42 ? AttendanceMode.Luring : AttendanceMode.Daring,
        };
        var institution = person.Category switch
        {
            ParticipantCategory.AhliK3 => Pick(batch.PartnerCodes.Where(c => c is not DirectorateCode and not AssociationCode).ToArray()),
            ParticipantCategory.AnggotaAlpk3i => AssociationCode,
            _ => DirectorateCode,
        };
        // Smallest number of sessions that meets the attendance threshold, compared exactly as the reports do.
        var needed = (int)Math.Ceiling(MinAttendancePercent * sessions / 100m);

        var statuses = new string?[sessions];
        int? post;
        switch (outcome)
        {
            case Outcome.HighPerforming:
                Attend(statuses, Full(needed, sessions));
                post = _rng.NextDouble() < 0.04 ? 850 : _rng.Next(851, 1001);
                break;
            case Outcome.Completed:
                Attend(statuses, Full(needed, sessions));
                post = _rng.NextDouble() < 0.04 ? 700 : _rng.Next(701, 850);
                break;
            case Outcome.Failed:
                Attend(statuses, Full(needed, sessions));
                post = _rng.Next(350, 700);
                break;
            case Outcome.LowAttendance:
                Attend(statuses, _rng.Next(1, needed));
                post = _rng.NextDouble() < 0.3 ? null : _rng.Next(450, 960);
                break;
            case Outcome.NoShow:
                Attend(statuses, 0);
                post = null;
                break;
            case Outcome.FirstDayPresent:
                statuses[0] = _rng.NextDouble() < 0.91 ? "HADIR" : "TERLAMBAT";
                post = null;
                break;
            default:
                statuses[0] = _rng.NextDouble() switch { < 0.92 => "HADIR", < 0.96 => "TERLAMBAT", < 0.99 => "IZIN", _ => "ALPA" };
                post = null;
                break;
        }
        int? pre = post is { } p ? Math.Max(150, p - _rng.Next(0, 301))
            : outcome == Outcome.LowAttendance ? _rng.Next(300, 800)
            : null;

        var registeredAt = batch.StartDate.AddDays(-_rng.Next(7, 36))
            .ToDateTime(new TimeOnly(_rng.Next(1, 10), _rng.Next(0, 60)), DateTimeKind.Utc);
        Registrations.Add(new DemoRegistration(person, batchNumber, mode, institution, Tenths(pre), Tenths(post), statuses, registeredAt));
    }

    /// <summary>Present on <paramref name="present"/> sessions chosen at random; absent (IZIN, ALPA or no row) on the rest.</summary>
    private void Attend(string?[] statuses, int present)
    {
        var slots = Shuffled(statuses.Length);
        for (var k = 0; k < statuses.Length; k++)
        {
            statuses[slots[k]] = k < present
                ? (_rng.NextDouble() < 0.1 ? "TERLAMBAT" : "HADIR")
                : _rng.NextDouble() switch { < 0.55 => "IZIN", < 0.9 => "ALPA", _ => null };
        }
    }

    /// <summary>Enough sessions to complete: usually all of them, sometimes just the minimum.</summary>
    private int Full(int needed, int sessions) => _rng.NextDouble() < 0.75 ? sessions : _rng.Next(needed, sessions + 1);

    private static decimal? Tenths(int? tenths) => tenths is { } t ? t / 10m : null;

    private DemoPerson NewPerson(ParticipantCategory category)
    {
        var province = category == ParticipantCategory.StafDirektorat ? Pick(["31", "31", "31", "32", "36"]) : WeightedProvince();
        var womanShare = category switch
        {
            ParticipantCategory.AhliK3 => 0.22,
            ParticipantCategory.StafDirektorat => 0.45,
            _ => 0.3,
        };
        var gender = _rng.NextDouble() < womanShare ? Gender.P : Gender.L;
        var birth = new DateOnly(1965, 1, 1).AddDays(_rng.Next(0, 365 * 36));
        var nik = NewNik(province, birth, gender);
        var name = FullName(province, gender);
        var email = _rng.NextDouble() < 0.8 ? $"{Slug(name)}{_rng.Next(1, 1000)}@example.com" : null;
        var phone = _rng.NextDouble() < 0.9
            ? $"+628{Pick(DemoNames.MobilePrefixes)}{_rng.Next(1_000_000, 100_000_000)}"
            : null;
        var employer = category switch
        {
            ParticipantCategory.AhliK3 => _rng.NextDouble() < 0.94
                ? $"PT {Pick(DemoNames.CompanyA)} {Pick(DemoNames.CompanyB)} {Pick(DemoNames.CompanyC)}"
                : $"CV {Pick(DemoNames.CompanyA)} {Pick(DemoNames.CompanyC)}",
            ParticipantCategory.Pengawas => $"Dinas Tenaga Kerja Provinsi {Provinces.NameOf(province)}",
            ParticipantCategory.StafDirektorat => "Direktorat Bina Kelembagaan K3, Kementerian Ketenagakerjaan",
            _ => _rng.NextDouble() < 0.5
                ? Pick(Institutions.Where(i => i.Type is InstitutionType.LembagaPelatihan or InstitutionType.Pjk3).Select(i => i.Name).ToArray())
                : $"Lembaga Pelatihan K3 {Pick(DemoNames.CompanyA)} {Pick(DemoNames.CompanyC)}",
        };
        string? field = null, license = null;
        if (category == ParticipantCategory.AhliK3)
        {
            var f = WeightedField();
            field = f.Code;
            license = _rng.NextDouble() < 0.65 ? $"AK3-{f.Abbreviation}-{_rng.Next(2008, 2023)}-{_rng.Next(1, 100_000):D5}" : null;
        }
        var person = new DemoPerson(nik, name, email, phone, gender, birth, province, employer, category, field, license);
        People.Add(person);
        return person;
    }

    /// <summary>
    /// A NIK that DESIGN §5.1 accepts and no one else has: province, regency, district, DDMMYY (+40 for women),
    /// a serial from 0001. Born 1965-2000, so YY reads back as the same year.
    /// </summary>
    private string NewNik(string province, DateOnly birth, Gender gender)
    {
        while (true)
        {
            var regency = _rng.NextDouble() < 0.15 ? _rng.Next(71, 76) : _rng.Next(1, 30);
            var day = birth.Day + (gender == Gender.P ? 40 : 0);
            var nik = $"{province}{regency:D2}{_rng.Next(1, 30):D2}{day:D2}{birth.Month:D2}{birth.Year % 100:D2}{_rng.Next(1, 10_000):D4}";
            if (_niks.Add(nik))
            {
                return nik;
            }
        }
    }

    private string FullName(string province, Gender gender)
    {
        var woman = gender == Gender.P;
        if (province == "51")
        {
            return $"{Pick(woman ? DemoNames.BaliFemale : DemoNames.BaliMale)} {Pick(DemoNames.BaliGiven)}";
        }
        var first = Pick(woman ? DemoNames.FemaleFirst : DemoNames.MaleFirst);
        var last = DemoNames.RegionalLast.TryGetValue(province, out var family)
            ? Pick(family)
            : Pick(woman ? DemoNames.FemaleLast : DemoNames.MaleLast);
        var middle = _rng.NextDouble() < 0.2 ? Pick(woman ? DemoNames.FemaleFirst : DemoNames.MaleFirst) : null;
        return middle is null || middle == first ? $"{first} {last}" : $"{first} {middle} {last}";
    }

    private static string Slug(string name) =>
        string.Join('.', name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(char.IsAsciiLetterLower)])));

    // Weights by province code: more people where the industry is; every one of the 38 appears.
    private static readonly Dictionary<string, int> ProvinceWeights = new(StringComparer.Ordinal)
    {
        ["31"] = 9,
        ["32"] = 14,
        ["33"] = 10,
        ["34"] = 2,
        ["35"] = 13,
        ["36"] = 6,
        ["12"] = 5,
        ["11"] = 2,
        ["13"] = 2,
        ["14"] = 3,
        ["15"] = 2,
        ["16"] = 3,
        ["18"] = 2,
        ["21"] = 2,
        ["51"] = 2,
        ["61"] = 2,
        ["63"] = 2,
        ["64"] = 4,
        ["71"] = 2,
        ["73"] = 3,
    };

    private static readonly string[] ProvinceDraw =
        [.. Provinces.All.SelectMany(p => Enumerable.Repeat(p.Code, ProvinceWeights.GetValueOrDefault(p.Code, 1)))];

    private string WeightedProvince() => Pick(ProvinceDraw);

    private static readonly (string Code, string Abbreviation, int Weight)[] FieldWeights =
    [
        ("UMUM", "UMUM", 30), ("LISTRIK", "LIS", 12), ("KONSTRUKSI", "KON", 14), ("KEBAKARAN", "KBK", 10),
        ("KIMIA", "KIM", 7), ("ELEVATOR_ESKALATOR", "EE", 4), ("LINGKUNGAN_KERJA", "LK", 6),
        ("PESAWAT_ANGKAT_ANGKUT", "PAA", 7), ("PESAWAT_TENAGA_PRODUKSI", "PTP", 5), ("PESAWAT_UAP_BEJANA_TEKAN", "PUBT", 5),
    ];

    private static readonly (string Code, string Abbreviation)[] FieldDraw =
        [.. FieldWeights.SelectMany(f => Enumerable.Repeat((f.Code, f.Abbreviation), f.Weight))];

    private (string Code, string Abbreviation) WeightedField() => Pick(FieldDraw);

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

    private int[] Shuffled(int count)
    {
        var a = Enumerable.Range(0, count).ToArray();
        _rng.Shuffle(a);
        return a;
    }
}
