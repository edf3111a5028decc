using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>
/// Undo of an upload over HTTP (issue 12): the rows it touched end exactly as they were before it, compared row by row
/// with every column; refused (409, with the list) while a later upload or a certificate rests on them.
/// </summary>
public sealed class UndoUploadTests(AppFixture fixture) : ImportTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoPartnersAsync();
    }

    private Task<HttpClient> StaffAsync() => TestUsers.BearerClientAsync(Factory, Roles.Staff);

    private Task<List<string>> RowsAsync() => Database.ImportedRowsAsync();

    private Task<JsonElement> UploadAsync(HttpClient http, string kind, string csv) => UploadOverApiAsync(http, kind, csv);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> UndoAsync(HttpClient http, JsonElement upload)
    {
        using var response = await http.PostAsync($"/api/v1/uploads/{upload.GetProperty("uploadId").GetInt64()}/undo", null);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Counts(JsonElement undo) => $"{undo.GetProperty("removed")}/{undo.GetProperty("restored")}";

    [Fact]
    public async Task Undoing_a_registration_upload_brings_back_every_row_as_it_was_and_marks_it_in_the_history()
    {
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Budi Lama");
        await RegisterAsync(await BatchAsync(1, LpkA), Nik(2), LpkA, "Ani Batch Lain");
        using var http = await StaffAsync();
        var before = await RowsAsync();

        var upload = await UploadAsync(http, "registrations", Lines(
            RegistrationHeader,
            $"{Nik(1)},Budi Baru,budi@contoh.id,,,,PT Baru,AHLI_K3,LISTRIK,LIS-9,DARING,LPK-B",
            $"{Nik(2)},Ani Ganti Nama,,,,,,PENGAWAS,,,,",
            $"{Nik(3)},Citra Baru,,,,,,PENGAWAS,,,,LPK-A"));
        Assert.Equal("2/1/0", $"{upload.GetProperty("inserted")}/{upload.GetProperty("updated")}/{upload.GetProperty("unchanged")}");
        Assert.NotEqual(before, await RowsAsync());

        var (status, undone) = await UndoAsync(http, upload);
        Assert.Equal(HttpStatusCode.OK, status);
        // Removed: Ani's and Citra's registrations in this batch and Citra herself; restored: Budi's registration, Budi and Ani.
        Assert.Equal("3/3", Counts(undone));
        Assert.Equal(before, await RowsAsync());

        var again = await UndoAsync(http, upload);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("sudah diurungkan", again.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var history = await http.GetAsync($"/api/v1/uploads?batchId={SharedBatch}");
        var rows = JsonDocument.Parse(await history.Content.ReadAsStringAsync()).RootElement.GetProperty("rows");
        var row = Assert.Single(rows.EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("undoneAt").ValueKind);
        Assert.False(row.GetProperty("undoable").GetBoolean());
    }

    [Fact]
    public async Task Undoing_results_and_attendance_uploads_restores_scores_and_removes_the_attendance_they_added()
    {
        await RegisterAsync(SharedBatch, Nik(1), LpkA);
        await RegisterAsync(SharedBatch, Nik(2), LpkB);
        using var http = await StaffAsync();
        await UploadAsync(http, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,80"));
        await UploadAsync(http, "attendance", Lines("nik,sesi,status,waktu,mode", $"{Nik(1)},1,HADIR,16/11/2023 08:05,LURING"));
        var before = await RowsAsync();

        var results = await UploadAsync(http, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,95", $"{Nik(2)},50,70"));
        var attendance = await UploadAsync(http, "attendance", Lines("nik,sesi,status,waktu,mode",
            $"{Nik(1)},1,TERLAMBAT,16/11/2023 08:40,LURING", $"{Nik(2)},1,HADIR,,DARING", $"{Nik(2)},2,IZIN,,"));

        var undoneAttendance = await UndoAsync(http, attendance);
        Assert.Equal(HttpStatusCode.OK, undoneAttendance.Status);
        Assert.Equal("2/1", Counts(undoneAttendance.Body));
        var undoneResults = await UndoAsync(http, results);
        Assert.Equal(HttpStatusCode.OK, undoneResults.Status);
        // A registration's first scores are an update of its row, so both are restored rather than removed.
        Assert.Equal("0/2", Counts(undoneResults.Body));
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Undo_is_refused_while_a_later_upload_changed_the_same_rows_and_allowed_once_that_one_is_undone()
    {
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Budi Santoso");
        using var http = await StaffAsync();
        var before = await RowsAsync();
        var first = await UploadAsync(http, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,80"));
        var later = await UploadAsync(http, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,90"));
        var afterLater = await RowsAsync();

        var (status, refused) = await UndoAsync(http, first);
        Assert.Equal(HttpStatusCode.Conflict, status);
        var listed = Assert.Single(refused.GetProperty("errors").GetProperty("dependencies").EnumerateArray()).GetString();
        Assert.Contains("Budi Santoso", listed, StringComparison.Ordinal);
        Assert.Contains($"#{later.GetProperty("uploadId").GetInt64()}", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(Nik(1), refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(afterLater, await RowsAsync());

        Assert.Equal(HttpStatusCode.OK, (await UndoAsync(http, later)).Status);
        Assert.Equal(HttpStatusCode.OK, (await UndoAsync(http, first)).Status);
        Assert.Equal(before, await RowsAsync());
    }

    /// <summary>
    /// The rows an upload inserted are recorded together, with the one xmin they got; undoing a later upload that changed
    /// one of them gives that row a new xmin, and the first upload must still be undoable, for that row and the others.
    /// </summary>
    [Fact]
    public async Task An_upload_that_inserted_rows_stays_undoable_after_a_later_upload_that_changed_one_of_them_is_undone()
    {
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Budi Santoso");
        await RegisterAsync(SharedBatch, Nik(2), LpkB, "Ani Lestari");
        using var http = await StaffAsync();
        var before = await RowsAsync();
        var first = await UploadAsync(http, "attendance", Lines("nik,sesi,status", $"{Nik(1)},1,HADIR", $"{Nik(2)},1,HADIR", $"{Nik(2)},2,IZIN"));
        Assert.Equal(3, first.GetProperty("inserted").GetInt32());
        var afterFirst = await RowsAsync();
        var later = await UploadAsync(http, "attendance", Lines("nik,sesi,status", $"{Nik(2)},1,TERLAMBAT"));
        Assert.Equal(1, later.GetProperty("updated").GetInt32());

        var (refusedStatus, refused) = await UndoAsync(http, first);
        Assert.Equal(HttpStatusCode.Conflict, refusedStatus);
        var listed = Assert.Single(refused.GetProperty("errors").GetProperty("dependencies").EnumerateArray()).GetString();
        Assert.Contains("Ani Lestari", listed, StringComparison.Ordinal);
        Assert.Contains($"#{later.GetProperty("uploadId").GetInt64()}", listed, StringComparison.Ordinal);

        var undoneLater = await UndoAsync(http, later);
        Assert.Equal(HttpStatusCode.OK, undoneLater.Status);
        Assert.Equal("0/1", Counts(undoneLater.Body));
        Assert.Equal(afterFirst, await RowsAsync());
        var undoneFirst = await UndoAsync(http, first);
        Assert.Equal(HttpStatusCode.OK, undoneFirst.Status);
        Assert.Equal("3/0", Counts(undoneFirst.Body));
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Undo_is_refused_while_a_certificate_rests_on_the_rows_and_names_its_number()
    {
        var registration = await RegisterAsync(SharedBatch, Nik(1), LpkA, "Budi Santoso");
        using var http = await StaffAsync();
        var upload = await UploadAsync(http, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,88"));
        await using (var db = Database.CreateDbContext())
        {
            db.Certificates.Add(new Certificate
            {
                RegistrationId = registration, BatchId = SharedBatch, Sequence = 1, Number = "K3/UJI/0001", VerificationCode = "UJIUNDO0001",
                IssuedAt = DateTime.UtcNow, IssuedBy = "staff-1",
            });
            await db.SaveChangesAsync();
        }
        var afterCertificate = await RowsAsync();

        var (status, refused) = await UndoAsync(http, upload);
        Assert.Equal(HttpStatusCode.Conflict, status);
        var listed = Assert.Single(refused.GetProperty("errors").GetProperty("dependencies").EnumerateArray()).GetString();
        Assert.Contains("sertifikat K3/UJI/0001", listed, StringComparison.Ordinal);
        Assert.Equal(afterCertificate, await RowsAsync());
    }

    [Fact]
    public async Task Only_staff_and_admin_may_undo_and_a_preview_has_nothing_to_undo()
    {
        await RegisterAsync(SharedBatch, Nik(1), LpkA);
        var preview = await ImportAsync(UploadKind.Results, SharedBatch, Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,88"), dryRun: true);
        using var staff = await StaffAsync();
        using var response = await staff.PostAsync($"/api/v1/uploads/{preview.UploadId}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("tidak menyimpan data", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var committed = await ImportAsync(UploadKind.Results, SharedBatch, Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,88"), actor: AdminOf(LpkA));
        using var institutionAdmin = await TestUsers.BearerClientAsync(Factory, Roles.InstitutionAdmin, LpkA);
        using var forbidden = await institutionAdmin.PostAsync($"/api/v1/uploads/{committed.UploadId}/undo", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task The_history_page_asks_for_confirmation_then_undoes_and_lists_what_blocks_an_undo()
    {
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Budi Santoso");
        using var api = await StaffAsync();
        var before = await RowsAsync();
        var first = await UploadAsync(api, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,80"));
        var later = await UploadAsync(api, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,90"));
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var firstPage = $"/Uploads/Undo/{first.GetProperty("uploadId").GetInt64()}";

        var history = await staff.GetStringAsync("/Uploads");
        Assert.Contains(firstPage, history, StringComparison.Ordinal);
        Assert.Contains("Ya, urungkan unggahan", await staff.GetStringAsync(firstPage), StringComparison.Ordinal);

        using (var refused = await staff.PostFormAsync(firstPage, new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains($"oleh unggahan #{later.GetProperty("uploadId").GetInt64()}", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Ya, urungkan unggahan", html, StringComparison.Ordinal);
        }

        using (var undone = await staff.PostFormAsync($"/Uploads/Undo/{later.GetProperty("uploadId").GetInt64()}", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        }
        using (var undone = await staff.PostFormAsync(firstPage, new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        }
        Assert.Equal(before, await RowsAsync());
        var after = await staff.GetStringAsync("/Uploads");
        Assert.Contains("Diurungkan", after, StringComparison.Ordinal);
        Assert.DoesNotContain(firstPage, after, StringComparison.Ordinal);
    }
}
