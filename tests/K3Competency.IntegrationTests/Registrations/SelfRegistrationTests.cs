using System.Net;
using System.Net.Http.Json;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>
/// Self-registration and the verification queue over HTTP (DESIGN §10.4, §12), with the mails read back from the run's
/// smtp4dev. Every address carries the test's token, so each test sees only its own mails.
/// </summary>
public sealed class SelfRegistrationTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static int _seq;

    private readonly string _token = "s" + Guid.NewGuid().ToString("N")[..10];

    private sealed record Answer(string Message);

    private sealed record Row(long Id, string Nik, string FullName, string Category, string Status, string Source, DateTime CreatedAt);

    private string Address(string who) => $"{who}-{_token}@uji.k3.local";

    /// <summary>A valid NIK (DESIGN §5.1) no other test uses: Surabaya, born 15/05/1990, a running number.</summary>
    internal static string NewNik() => $"35780115059{Interlocked.Increment(ref _seq) % 100000:D5}";

    private async Task<CertificateTestData> OpenBatchAsync(int? capacity = null)
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        await using var db = Database.CreateDbContext();
        var batch = await db.Batches.SingleAsync(b => b.Id == data.BatchId);
        batch.Status = BatchStatus.RegistrationOpen;
        batch.Capacity = capacity;
        await db.SaveChangesAsync();
        return data;
    }

    private static object Body(string nik, string name, string email) => new
    {
        nik, fullName = name, email, category = "AHLI_K3", expertiseField = "LISTRIK", attendanceMode = "DARING",
    };

    private static async Task<(HttpStatusCode Status, string Body)> ApplyAsync(HttpClient client, int batchId, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/public/batches/{batchId}/registrations", body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until the test's smtp4dev has <paramref name="count"/> mails matching <paramref name="search"/> (sent in the background).</summary>
    private static async Task<IReadOnlyList<Smtp4dev.Summary>> MailsAsync(string search, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mails = await Smtp4dev.Shared.MessagesAsync(search);
            if (mails.Count >= count)
            {
                return mails;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{mails.Count} of {count} mail(s) for {search} arrived in 30 s.");
            await Task.Delay(200);
        }
    }

    private static async Task<string> TextOfAsync(Smtp4dev.Summary mail) => (await Smtp4dev.Shared.MessageAsync(mail.Id)).TextBody ?? "";

    [Fact]
    public async Task Public_endpoint_answers_202_with_one_body_for_new_known_and_registered_NIK_and_only_the_mails_differ()
    {
        var data = await OpenBatchAsync();
        var known = await data.RegisterAsync($"Dikenal {_token}", present: 0, postTest: null, batchId: (await new CertificateTestData(Database).WithBatchAsync()).BatchId);
        var knownNik = NewNik();
        await using (var db = Database.CreateDbContext())
        {
            var record = await db.Registrations.Where(r => r.Id == known).Select(r => r.Participant!).SingleAsync();
            record.Nik = knownNik;
            await db.SaveChangesAsync();
        }
        using var anonymous = Factory.CreateClient();
        var newNik = NewNik();

        var fresh = await ApplyAsync(anonymous, data.BatchId, Body(newNik, "Peserta Baru", Address("baru")));
        var knownPerson = await ApplyAsync(anonymous, data.BatchId, Body(knownNik, "Orang Lain", Address("dikenal")));
        var again = await ApplyAsync(anonymous, data.BatchId, Body(newNik, "Peserta Baru", Address("lagi")));

        Assert.Equal(HttpStatusCode.Accepted, fresh.Status);
        Assert.Equal(HttpStatusCode.Accepted, knownPerson.Status);
        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        Assert.Equal(fresh.Body, knownPerson.Body);
        Assert.Equal(fresh.Body, again.Body);
        Assert.Contains("periksa e-mail Anda", fresh.Body, StringComparison.Ordinal);

        var toNew = Assert.Single(await MailsAsync(Address("baru"), 1));
        var toKnown = Assert.Single(await MailsAsync(Address("dikenal"), 1));
        var toAgain = Assert.Single(await MailsAsync(Address("lagi"), 1));
        Assert.Contains("terdaftar, menunggu verifikasi", await TextOfAsync(toNew), StringComparison.Ordinal);
        Assert.Contains("terdaftar, menunggu verifikasi", await TextOfAsync(toKnown), StringComparison.Ordinal);
        Assert.Contains("NIK ini sudah terdaftar pada angkatan ini", await TextOfAsync(toAgain), StringComparison.Ordinal);

        // The known person's record keeps its own name and address: anyone can type a NIK.
        await using var check = Database.CreateDbContext();
        var person = await check.Participants.SingleAsync(p => p.Nik == knownNik);
        Assert.Equal($"Dikenal {_token}", person.FullName);
        var pending = await check.Registrations.Where(r => r.BatchId == data.BatchId).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(2, pending.Count);
        Assert.All(pending, r => Assert.Equal((RegistrationStatus.Menunggu, RegistrationSource.Self), (r.Status, r.Source)));
    }

    [Fact]
    public async Task Invalid_application_is_refused_with_what_to_fix_and_e_mail_is_required()
    {
        var data = await OpenBatchAsync();
        using var anonymous = Factory.CreateClient();
        var (status, body) = await ApplyAsync(anonymous, data.BatchId, new { nik = "123", fullName = "", category = "AHLI_K3", expertiseField = "LISTRIK" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("e-mail wajib diisi", body, StringComparison.Ordinal);
        Assert.Contains("16 digit", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_batch_form_says_registration_is_closed_and_takes_no_application()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        using var anonymous = Factory.CreateClient();
        var page = await anonymous.GetStringAsync($"/daftar/{data.BatchId}");
        Assert.Contains("Pendaftaran angkatan ini sudah ditutup", page, StringComparison.Ordinal);
        var (status, _) = await ApplyAsync(anonymous, data.BatchId, Body(NewNik(), "Terlambat Daftar", Address("tutup")));
        Assert.Equal(HttpStatusCode.Conflict, status);
    }

    [Fact]
    public async Task Form_without_JavaScript_registers_and_a_filled_honeypot_writes_nothing()
    {
        var data = await OpenBatchAsync();
        using var client = Factory.CreateFormClient();
        var fields = new Dictionary<string, string>
        {
            ["Input.Nik"] = NewNik(), ["Input.FullName"] = "Lewat Formulir", ["Input.Email"] = Address("form"), ["Input.Category"] = "AHLI_K3",
            ["Input.ExpertiseField"] = "KONSTRUKSI", ["Input.AttendanceMode"] = "LURING",
        };
        using var human = await client.PostFormAsync($"/daftar/{data.BatchId}", fields);
        Assert.Contains("Pendaftaran diterima; periksa e-mail Anda.", await human.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var bot = await client.PostFormAsync($"/daftar/{data.BatchId}",
            new Dictionary<string, string>(fields) { ["Input.Nik"] = NewNik(), ["Input.Email"] = Address("bot"), ["website"] = "http://spam.example" });
        Assert.Contains("Pendaftaran diterima; periksa e-mail Anda.", await bot.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await MailsAsync(Address("form"), 1);
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.Registrations.CountAsync(r => r.BatchId == data.BatchId));
        Assert.Empty(await Smtp4dev.Shared.MessagesAsync(Address("bot")));
    }

    [Fact]
    public async Task Too_many_applications_from_one_address_get_429()
    {
        var data = await OpenBatchAsync();
        await using var limited = Factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c =>
            c.AddInMemoryCollection(new Dictionary<string, string?> { ["SelfService:PerIpPerMinute"] = "2" })));
        using var client = limited.CreateClient();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await ApplyAsync(client, data.BatchId, Body(NewNik(), $"Peserta {i}", Address($"batas{i}")))).Status);
        }
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers);
    }

    private static async Task<(int Batch, int Total)> ParticipantsAsync(HttpClient staff, int programmeId)
    {
        var summary = await staff.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/programs/{programmeId}/summary");
        var batch = summary.GetProperty("batches").EnumerateArray().Single();
        return (batch.GetProperty("participants").GetInt32(), summary.GetProperty("totals").GetProperty("participants").GetInt32());
    }

    [Fact]
    public async Task A_pending_registration_is_absent_from_the_summary_and_an_approved_one_counts()
    {
        var data = await OpenBatchAsync();
        await data.RegisterAsync($"Sudah Diterima {_token}", present: 2, postTest: 90m);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        Assert.Equal((1, 1), await ParticipantsAsync(staff, data.ProgrammeId));

        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await ApplyAsync(anonymous, data.BatchId, Body(NewNik(), "Menunggu Verifikasi", Address("tunggu")))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await ApplyAsync(anonymous, data.BatchId, Body(NewNik(), "Akan Ditolak", Address("tolak")))).Status);
        Assert.Equal((1, 1), await ParticipantsAsync(staff, data.ProgrammeId));

        var pending = (await staff.GetFromJsonAsync<List<Row>>($"/api/v1/batches/{data.BatchId}/registrations?status=MENUNGGU"))!;
        using (var approve = await staff.PostAsync($"/api/v1/registrations/{pending.Single(p => p.FullName == "Menunggu Verifikasi").Id}/approve", null))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }
        using (var reject = await staff.PostAsJsonAsync($"/api/v1/registrations/{pending.Single(p => p.FullName == "Akan Ditolak").Id}/reject", new { reason = "Berkas tidak lengkap" }))
        {
            Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        }
        Assert.Equal((2, 2), await ParticipantsAsync(staff, data.ProgrammeId));
    }

    [Fact]
    public async Task Staff_sees_pending_and_approval_mails_the_person_and_capacity_stops_approvals_not_applications()
    {
        var data = await OpenBatchAsync(capacity: 1);
        using var anonymous = Factory.CreateClient();
        await ApplyAsync(anonymous, data.BatchId, Body(NewNik(), "Pertama Datang", Address("pertama")));
        var second = await ApplyAsync(anonymous, data.BatchId, Body(NewNik(), "Kedua Datang", Address("kedua")));
        Assert.Equal(HttpStatusCode.Accepted, second.Status);

        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var pending = (await staff.GetFromJsonAsync<List<Row>>($"/api/v1/batches/{data.BatchId}/registrations?status=MENUNGGU"))!;
        Assert.Equal(["Pertama Datang", "Kedua Datang"], pending.Select(p => p.FullName));
        Assert.All(pending, p => Assert.Equal(("MENUNGGU", "SELF"), (p.Status, p.Source)));
        Assert.DoesNotContain(pending, p => p.Nik.All(char.IsDigit));

        using (var approve = await staff.PostAsync($"/api/v1/registrations/{pending[0].Id}/approve", null))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }
        using (var full = await staff.PostAsync($"/api/v1/registrations/{pending[1].Id}/approve", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
            Assert.Contains("Kapasitas angkatan (1 peserta) sudah penuh", await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var mail = (await MailsAsync(Address("pertama"), 2)).Single(m => m.Subject.EndsWith("diterima", StringComparison.Ordinal));
        Assert.Contains("diterima", await TextOfAsync(mail), StringComparison.Ordinal);
        var approved = (await staff.GetFromJsonAsync<List<Row>>($"/api/v1/batches/{data.BatchId}/registrations?status=DITERIMA"))!;
        Assert.Equal("Pertama Datang", Assert.Single(approved).FullName);
    }

    [Fact]
    public async Task Rejected_person_gets_the_reason_by_mail_and_a_rejection_needs_one()
    {
        var data = await OpenBatchAsync();
        using var anonymous = Factory.CreateClient();
        await ApplyAsync(anonymous, data.BatchId, Body(NewNik(), "Ditolak Saja", Address("reject")));
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var row = Assert.Single((await staff.GetFromJsonAsync<List<Row>>($"/api/v1/batches/{data.BatchId}/registrations?status=MENUNGGU"))!);

        using (var none = await staff.PostAsJsonAsync($"/api/v1/registrations/{row.Id}/reject", new { reason = " " }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        }
        using (var reject = await staff.PostAsJsonAsync($"/api/v1/registrations/{row.Id}/reject", new { reason = "Bukan pemegang lisensi Ahli K3." }))
        {
            Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        }
        var mail = (await MailsAsync(Address("reject"), 2)).Single(m => m.Subject.EndsWith("ditolak", StringComparison.Ordinal));
        Assert.Contains("Alasan: Bukan pemegang lisensi Ahli K3.", await TextOfAsync(mail), StringComparison.Ordinal);
        await using var db = Database.CreateDbContext();
        var id = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "registration.reject" && a.EntityId == id));
    }

    [Fact]
    public async Task Queue_page_shows_capacity_and_approves_the_ticked_applications_without_JavaScript()
    {
        var data = await OpenBatchAsync(capacity: 5);
        using var anonymous = Factory.CreateClient();
        await ApplyAsync(anonymous, data.BatchId, Body(NewNik(), "Antre Satu", Address("antre1")));
        await ApplyAsync(anonymous, data.BatchId, Body(NewNik(), "Antre Dua", Address("antre2")));
        var user = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var staff = await TestUsers.SignedInClientAsync(Factory, user);
        var page = await staff.GetStringAsync($"/Registrations/Queue/{data.BatchId}");
        Assert.Contains("Antre Satu", page, StringComparison.Ordinal);
        Assert.Contains("Diterima: <strong>0</strong> dari kapasitas <strong>5</strong>", page, StringComparison.Ordinal);

        await using (var db = Database.CreateDbContext())
        {
            var ids = await db.Registrations.Where(r => r.BatchId == data.BatchId).Select(r => r.Id).ToListAsync();
            using var form = new FormUrlEncodedContent(ids.Select(i => new KeyValuePair<string, string>("Selected", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(new("__RequestVerificationToken", FormClient.AntiforgeryToken(page)!)));
            using var posted = await staff.Http.PostAsync($"/Registrations/Queue/{data.BatchId}?handler=Approve", form);
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }
        var after = await staff.GetStringAsync($"/Registrations/Queue/{data.BatchId}?Status=DITERIMA");
        Assert.Contains("Diterima: <strong>2</strong> dari kapasitas <strong>5</strong>", after, StringComparison.Ordinal);
        Assert.Contains("Antre Dua", after, StringComparison.Ordinal);
    }
}
