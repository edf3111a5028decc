using System.Globalization;
using System.Text;
using K3Competency.Domain;
using K3Competency.Domain.Rules;

namespace K3Competency.Bench;

/// <summary>
/// Writes the CSV files the import bench uploads (DESIGN §6 columns). Person i always gets the same valid,
/// unique NIK, so the attendance file can name the people of a registration file, and the files of
/// different steps can use disjoint ranges of people.
/// </summary>
internal static class BenchFiles
{
    public const string RegistrationHeader = "nik,nama,email,no_hp,jenis_kelamin,provinsi,instansi,kategori,bidang_keahlian,nomor_lisensi,mode,lembaga";
    public const string AttendanceHeader = "nik,sesi,status,waktu,mode";
    public const string ResultsHeader = "nik,nilai_pre_test,nilai_post_test";

    /// <summary>The institution every bench's registrations are assigned to (the files' lembaga column).</summary>
    public const string Institution = "LPK-BENCH";

    /// <summary>The first session day of every bench's batches (the attendance files' waktu column).</summary>
    public static readonly DateOnly FirstDay = new(2025, 11, 17);

    private static readonly DateOnly FirstBirthDate = new(1965, 1, 1);
    private static readonly int BirthDays = new DateOnly(2004, 12, 31).DayNumber - FirstBirthDate.DayNumber + 1;

    private static readonly string[] FirstNames =
    [
        "Budi", "Siti", "Agus", "Dewi", "Joko", "Sri", "Andi", "Rina", "Hendra", "Nur", "Wahyu", "Ratna", "Eko", "Lestari",
        "Bambang", "Yuni", "Rudi", "Fitri", "Dedi", "Maya",
    ];

    private static readonly string[] LastNames =
    [
        "Santoso", "Wijaya", "Pratama", "Lestari", "Hidayat", "Saputra", "Kurniawan", "Siregar", "Nasution", "Wibowo",
        "Setiawan", "Purnomo", "Harahap", "Simanjuntak", "Gunawan", "Rahmawati", "Susanto", "Putri", "Halim", "Sitompul",
    ];

    private static readonly string[] Categories = [.. Codes.All<ParticipantCategory>()];

    /// <summary>
    /// The NIK of person i: a mixed-radix number over (province, gender, birth date, serial) keeps every
    /// person distinct for billions of people; the district digits are scattered, and the province varies
    /// fastest so consecutive rows do not arrive in index order.
    /// </summary>
    public static string Nik(long i)
    {
        var province = Provinces.All[(int)(i % Provinces.All.Count)].Code;
        var q = i / Provinces.All.Count;
        var female = q % 2 == 1;
        q /= 2;
        var birth = DateOnly.FromDayNumber(FirstBirthDate.DayNumber + (int)(q % BirthDays));
        q /= BirthDays;
        var serial = q % 9999 + 1;
        var district = (i * 2_654_435_761L) % 10_000;
        var day = birth.Day + (female ? 40 : 0);
        return string.Create(CultureInfo.InvariantCulture, $"{province}{district:D4}{day:D2}{birth.Month:D2}{birth.Year % 100:D2}{serial:D4}");
    }

    public static bool IsFemale(long i) => i / Provinces.All.Count % 2 == 1;

    /// <summary>Registrations of people first .. first+count-1, every row valid for a batch partnered with <paramref name="institutionCode"/>.</summary>
    public static long WriteRegistrations(string path, long first, int count, string institutionCode)
    {
        using var writer = Create(path);
        writer.Write(RegistrationHeader);
        writer.Write('\n');
        for (long i = first; i < first + count; i++)
        {
            var province = Provinces.All[(int)(i % Provinces.All.Count)];
            // Three in five are Ahli K3 (with a field and a licence), the rest spread over the other categories.
            var expert = i % 5 < 3;
            var category = expert ? Categories[0] : Categories[1 + (int)(i % (Categories.Length - 1))];
            writer.Write(Nik(i));
            writer.Write(',');
            writer.Write(FirstNames[(int)(i % FirstNames.Length)]);
            writer.Write(' ');
            writer.Write(LastNames[(int)(i / FirstNames.Length % LastNames.Length)]);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $",peserta{i}@contoh.co.id,0812{i % 100_000_000:D8},"));
            writer.Write(IsFemale(i) ? 'P' : 'L');
            writer.Write(',');
            // Files may give the province by code or by name (DESIGN §5.2); use both.
            writer.Write(i % 2 == 0 ? province.Code : province.Name);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $",PT Contoh Sejahtera {i % 500},{category},"));
            if (expert)
            {
                writer.Write(ExpertiseFields.Codes[(int)(i % ExpertiseFields.Codes.Count)]);
                writer.Write(string.Create(CultureInfo.InvariantCulture, $",LIS-{i}"));
            }
            else
            {
                writer.Write(',');
            }
            writer.Write(i % 3 == 0 ? ",DARING," : ",LURING,");
            writer.Write(institutionCode);
            writer.Write('\n');
        }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    /// <summary>Attendance of people first .. first+count-1 in one session: all HADIR, with a WIB check-in time.</summary>
    public static long WriteAttendance(string path, long first, int count, int session, DateOnly date)
    {
        using var writer = Create(path);
        writer.Write(AttendanceHeader);
        writer.Write('\n');
        var day = date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        for (long i = first; i < first + count; i++)
        {
            writer.Write(Nik(i));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $",{session},HADIR,{day} 07:{i % 60:D2},"));
            writer.Write(i % 3 == 0 ? "DARING" : "LURING");
            writer.Write('\n');
        }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    /// <summary>
    /// Attendance of people first .. first+count-1 in sessions <paramref name="fromSession"/> .. <paramref name="toSession"/>
    /// (session n on <paramref name="firstDay"/> + n - 1), row after row by person: mostly HADIR, some TERLAMBAT, IZIN and ALPA, drawn
    /// from the person, the session and <paramref name="seed"/> so that a person's statuses differ between batches.
    /// </summary>
    public static long WriteAttendanceMix(string path, long first, int count, int fromSession, int toSession, DateOnly firstDay, int seed)
    {
        using var writer = Create(path);
        writer.Write(AttendanceHeader);
        writer.Write('\n');
        for (long i = first; i < first + count; i++)
        {
            for (var session = fromSession; session <= toSession; session++)
            {
                var day = firstDay.AddDays(session - 1).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
                var status = Draw(i, session, seed) switch
                {
                    < 80 => "HADIR",
                    < 88 => "TERLAMBAT",
                    < 94 => "IZIN",
                    _ => "ALPA",
                };
                writer.Write(Nik(i));
                writer.Write(string.Create(CultureInfo.InvariantCulture, $",{session},{status},"));
                if (status is "HADIR" or "TERLAMBAT")
                {
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $"{day} {(status == "HADIR" ? "07" : "08")}:{i % 60:D2},"));
                    writer.Write(i % 3 == 0 ? "DARING" : "LURING");
                }
                else
                {
                    writer.Write(',');
                }
                writer.Write('\n');
            }
        }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    /// <summary>
    /// Pre- and post-test scores of people first .. first+count-1, one decimal, post-tests spread over 50-100 so that
    /// some fail, most pass and some perform highly; one person in twenty has no row (no post-test yet).
    /// </summary>
    public static long WriteResults(string path, long first, int count, int seed)
    {
        using var writer = Create(path);
        writer.Write(ResultsHeader);
        writer.Write('\n');
        for (long i = first; i < first + count; i++)
        {
            var draw = Draw(i, 0, seed);
            if (draw % 20 == 7)
            {
                continue;
            }
            var post = 500 + (i * 7 + seed * 13) % 501;
            var pre = Math.Max(0, post - 100 - draw * 3);
            writer.Write(Nik(i));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $",{pre / 10}.{pre % 10},{post / 10}.{post % 10}"));
            writer.Write('\n');
        }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    /// <summary>Results of people first .. first+count-1: pre-test 60, post-test <paramref name="postTest"/>.</summary>
    public static long WriteUniformResults(string path, long first, int count, int postTest)
    {
        using var writer = Create(path);
        writer.Write(ResultsHeader);
        writer.Write('\n');
        for (long i = first; i < first + count; i++)
        {
            writer.Write(Nik(i));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $",60,{postTest}\n"));
        }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    /// <summary>A number 0-99 that looks random but is the same for the same person, session and seed.</summary>
    private static int Draw(long person, int session, int seed) =>
        (int)((ulong)((person + 1) * 2_654_435_761L ^ (session * 40_503L + seed * 9_176L) * 2_246_822_519L) % 100);

    private static StreamWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16);
}
