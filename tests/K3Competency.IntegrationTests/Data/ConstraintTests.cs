using Npgsql;

namespace K3Competency.IntegrationTests.Data;

/// <summary>What must never be false is enforced by PostgreSQL itself, whatever code writes the row.</summary>
public sealed class ConstraintTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private NpgsqlConnection _conn = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _conn = await Database.OpenAsync();
    }

    public override async Task DisposeAsync() => await _conn.DisposeAsync();

    private async Task<long> Scalar(string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, _conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<PostgresException> Refused(string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, _conn);
        return await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
    }

    private const string Now = "now()";

    private Task<long> Participant(string nik) => Scalar($"""
        INSERT INTO participants (nik, full_name, gender, birth_date, province_code, created_at, updated_at)
        VALUES ('{nik}', 'Budi Santoso', 'L', '2003-02-01', '35', {Now}, {Now}) RETURNING id
        """);

    private Task<long> Programme(string code) => Scalar($"""
        INSERT INTO programmes (code, name, year, organizer, min_attendance_percent, passing_score, high_performance_score, created_at)
        VALUES ('{code}', 'Program', 2023, 'Direktorat', 80, 70, 85, {Now}) RETURNING id
        """);

    private Task<long> Batch(long programmeId, int number) => Scalar($"""
        INSERT INTO batches (programme_id, number, start_date, end_date, mode, status, created_at)
        VALUES ({programmeId}, {number}, '2023-11-16', '2023-11-17', 'HYBRID', 'RUNNING', {Now}) RETURNING id
        """);

    private Task<long> Registration(long batchId, long participantId, string category = "AHLI_K3", string? field = "'UMUM'", string post = "NULL") => Scalar($"""
        INSERT INTO registrations (batch_id, participant_id, category, expertise_field, attendance_mode, post_test_score, registered_at, updated_at)
        VALUES ({batchId}, {participantId}, '{category}', {field ?? "NULL"}, 'LURING', {post}, {Now}, {Now}) RETURNING id
        """);

    [Fact]
    public async Task Duplicate_NIK_is_refused()
    {
        await Participant("3578080102030001");
        var e = await Refused("""
            INSERT INTO participants (nik, full_name, gender, birth_date, province_code, created_at, updated_at)
            VALUES ('3578080102030001', 'Orang Lain', 'L', '2003-02-01', '35', now(), now())
            """);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Theory]
    [InlineData("357808010203000")]
    [InlineData("35780801020300A1")]
    public async Task NIK_that_is_not_16_digits_is_refused(string nik)
    {
        var e = await Refused($"""
            INSERT INTO participants (nik, full_name, gender, birth_date, province_code, created_at, updated_at)
            VALUES ('{nik}', 'X', 'L', '2003-02-01', '35', now(), now())
            """);
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }

    [Fact]
    public async Task Unknown_province_is_refused()
    {
        var e = await Refused("""
            INSERT INTO participants (nik, full_name, gender, birth_date, province_code, created_at, updated_at)
            VALUES ('9978080102030001', 'X', 'L', '2003-02-01', '99', now(), now())
            """);
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }

    [Fact]
    public async Task Required_name_cannot_be_null()
    {
        var e = await Refused("""
            INSERT INTO participants (nik, full_name, gender, birth_date, province_code, created_at, updated_at)
            VALUES ('3578080102030001', NULL, 'L', '2003-02-01', '35', now(), now())
            """);
        Assert.Equal(PostgresErrorCodes.NotNullViolation, e.SqlState);
    }

    [Fact]
    public async Task Batch_number_is_unique_within_its_programme_only()
    {
        var p1 = await Programme("PKAK3-2023");
        var p2 = await Programme("PKAK3-2024");
        await Batch(p1, 6);
        await Batch(p2, 6);
        var e = await Refused($"INSERT INTO batches (programme_id, number, start_date, end_date, mode, status, created_at) VALUES ({p1}, 6, '2023-11-16', '2023-11-17', 'LURING', 'PLANNED', now())");
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Fact]
    public async Task One_registration_per_participant_and_batch()
    {
        var batch = await Batch(await Programme("P1"), 1);
        var person = await Participant("3578080102030001");
        await Registration(batch, person);
        var e = await Refused($"INSERT INTO registrations (batch_id, participant_id, category, expertise_field, attendance_mode, registered_at, updated_at) VALUES ({batch}, {person}, 'PENGAWAS', NULL, 'DARING', now(), now())");
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Fact]
    public async Task One_attendance_row_per_registration_and_session()
    {
        var batch = await Batch(await Programme("P1"), 1);
        var reg = await Registration(batch, await Participant("3578080102030001"));
        var session = await Scalar($"INSERT INTO sessions (batch_id, number, date) VALUES ({batch}, 1, '2023-11-16') RETURNING id");
        await Scalar($"INSERT INTO attendances (batch_id, registration_id, session_id, status, updated_at) VALUES ({batch}, {reg}, {session}, 'HADIR', now()) RETURNING id");
        var e = await Refused($"INSERT INTO attendances (batch_id, registration_id, session_id, status, updated_at) VALUES ({batch}, {reg}, {session}, 'ALPA', now())");
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Fact]
    public async Task Attendance_on_a_session_of_another_batch_is_refused_whichever_batch_the_row_names()
    {
        var programme = await Programme("P1");
        var batch5 = await Batch(programme, 5);
        var batch6 = await Batch(programme, 6);
        var reg = await Registration(batch6, await Participant("3578080102030001"));
        var ownSession = await Scalar($"INSERT INTO sessions (batch_id, number, date) VALUES ({batch6}, 1, '2023-11-16') RETURNING id");
        var otherSession = await Scalar($"INSERT INTO sessions (batch_id, number, date) VALUES ({batch5}, 1, '2023-10-16') RETURNING id");

        // Named as the registration's batch, the session does not belong to it; named as the session's batch,
        // the registration does not.
        var asRegistrations = await Refused($"INSERT INTO attendances (batch_id, registration_id, session_id, status, updated_at) VALUES ({batch6}, {reg}, {otherSession}, 'HADIR', now())");
        var asSessions = await Refused($"INSERT INTO attendances (batch_id, registration_id, session_id, status, updated_at) VALUES ({batch5}, {reg}, {otherSession}, 'HADIR', now())");
        var id = await Scalar($"INSERT INTO attendances (batch_id, registration_id, session_id, status, updated_at) VALUES ({batch6}, {reg}, {ownSession}, 'HADIR', now()) RETURNING id");
        var moved = await Refused($"UPDATE attendances SET session_id = {otherSession} WHERE id = {id}");

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, asRegistrations.SqlState);
        Assert.Equal("fk_attendances_sessions_batch_id_session_id", asRegistrations.ConstraintName);
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, asSessions.SqlState);
        Assert.Equal("fk_attendances_registrations_batch_id_registration_id", asSessions.ConstraintName);
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, moved.SqlState);
        Assert.Equal(1, await Scalar($"SELECT count(*) FROM attendances WHERE registration_id = {reg}"));
    }

    [Theory]
    [InlineData("100.5")]
    [InlineData("-1")]
    public async Task Score_outside_0_to_100_is_refused(string score)
    {
        var batch = await Batch(await Programme("P1"), 1);
        var person = await Participant("3578080102030001");
        var e = await Refused($"INSERT INTO registrations (batch_id, participant_id, category, expertise_field, attendance_mode, post_test_score, registered_at, updated_at) VALUES ({batch}, {person}, 'AHLI_K3', 'UMUM', 'LURING', {score}, now(), now())");
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }

    [Fact]
    public async Task Ahli_K3_needs_an_expertise_field_and_others_have_none()
    {
        var batch = await Batch(await Programme("P1"), 1);
        var e1 = await Refused($"INSERT INTO registrations (batch_id, participant_id, category, expertise_field, attendance_mode, registered_at, updated_at) VALUES ({batch}, {await Participant("3578080102030001")}, 'AHLI_K3', NULL, 'LURING', now(), now())");
        Assert.Equal(PostgresErrorCodes.CheckViolation, e1.SqlState);
        var e2 = await Refused($"INSERT INTO registrations (batch_id, participant_id, category, expertise_field, attendance_mode, registered_at, updated_at) VALUES ({batch}, {await Participant("3578080102030002")}, 'PENGAWAS', 'UMUM', 'LURING', now(), now())");
        Assert.Equal(PostgresErrorCodes.CheckViolation, e2.SqlState);
    }

    [Fact]
    public async Task Unknown_status_code_is_refused()
    {
        var batch = await Batch(await Programme("P1"), 1);
        var reg = await Registration(batch, await Participant("3578080102030001"));
        var session = await Scalar($"INSERT INTO sessions (batch_id, number, date) VALUES ({batch}, 1, '2023-11-16') RETURNING id");
        var e = await Refused($"INSERT INTO attendances (batch_id, registration_id, session_id, status, updated_at) VALUES ({batch}, {reg}, {session}, 'SAKIT', now())");
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }

    [Fact]
    public async Task Registration_must_point_at_an_existing_batch()
    {
        var e = await Refused($"INSERT INTO registrations (batch_id, participant_id, category, expertise_field, attendance_mode, registered_at, updated_at) VALUES (424242, {await Participant("3578080102030001")}, 'PENGAWAS', NULL, 'LURING', now(), now())");
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, e.SqlState);
    }

    [Fact]
    public async Task Only_one_live_certificate_per_registration()
    {
        var batch = await Batch(await Programme("P1"), 1);
        var reg = await Registration(batch, await Participant("3578080102030001"), post: "90");
        await Scalar($"INSERT INTO certificates (registration_id, batch_id, sequence, number, verification_code, issued_at, issued_by) VALUES ({reg}, {batch}, 1, 'P1/01/000001', 'ABCDEFGHJK', now(), 'u') RETURNING id");
        var e = await Refused($"INSERT INTO certificates (registration_id, batch_id, sequence, number, verification_code, issued_at, issued_by) VALUES ({reg}, {batch}, 2, 'P1/01/000002', 'ABCDEFGHJM', now(), 'u')");
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }
}
