namespace K3Competency.Application.Auditing;

/// <summary>
/// The Indonesian names of what the audit trail records: actions, kinds of data and the fields of before/after.
/// A code without a name here (one added later) is shown as it is stored, so nothing is ever hidden.
/// </summary>
public static class AuditNames
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["alias.link"] = "Menautkan nama rapat daring ke peserta",
        ["attendance.correct"] = "Mengoreksi kehadiran",
        ["attendance.remove"] = "Menghapus kehadiran",
        ["batch.create"] = "Membuat angkatan",
        ["batch.delete"] = "Menghapus angkatan",
        ["batch.update"] = "Mengubah angkatan",
        ["certificate-image.remove"] = "Menghapus gambar sertifikat",
        ["certificate-image.save"] = "Menyimpan gambar sertifikat",
        ["certificates.issue"] = "Menerbitkan sertifikat",
        ["certificates.reissue"] = "Menerbitkan ulang sertifikat",
        ["certificates.revoke"] = "Mencabut sertifikat",
        ["import"] = "Mengimpor berkas",
        ["institution.create"] = "Membuat lembaga",
        ["institution.update"] = "Mengubah lembaga",
        ["login.failed"] = "Gagal masuk",
        ["login.locked-out"] = "Akun terkunci",
        ["login.password-ok-2fa-pending"] = "Kata sandi benar, menunggu verifikasi dua langkah",
        ["login.success"] = "Masuk",
        ["participant.edit"] = "Mengubah data peserta",
        ["participant.view-nik"] = "Melihat NIK lengkap",
        ["programme.create"] = "Membuat kegiatan",
        ["programme.delete"] = "Menghapus kegiatan",
        ["programme.update"] = "Mengubah kegiatan",
        ["registration.cancel"] = "Membatalkan keikutsertaan",
        ["registration.create"] = "Mendaftarkan peserta",
        ["registration.restore"] = "Memulihkan keikutsertaan",
        ["registration.scores"] = "Mengoreksi nilai",
        ["role.require-2fa"] = "Mengatur wajib verifikasi dua langkah",
        ["undo-import"] = "Mengurungkan unggahan",
        ["user.2fa-disable"] = "Mematikan verifikasi dua langkah",
        ["user.2fa-enable"] = "Mengaktifkan verifikasi dua langkah",
        ["user.change-password"] = "Mengganti kata sandi",
        ["user.create"] = "Membuat pengguna",
        ["user.disable"] = "Menonaktifkan pengguna",
        ["user.enable"] = "Mengaktifkan pengguna",
        ["user.temporary-password"] = "Memberi kata sandi sementara",
        ["user.update"] = "Mengubah pengguna",
    };

    private static readonly Dictionary<string, string> Entities = new(StringComparer.Ordinal)
    {
        ["Batch"] = "Angkatan",
        ["Certificate"] = "Sertifikat",
        ["DocumentImage"] = "Gambar sertifikat",
        ["Institution"] = "Lembaga",
        ["Login"] = "Masuk",
        ["Participant"] = "Peserta",
        ["Programme"] = "Kegiatan",
        ["Registration"] = "Keikutsertaan",
        ["Role"] = "Peran",
        ["Upload"] = "Unggahan",
        ["User"] = "Pengguna",
    };

    private static readonly Dictionary<string, string> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["attendanceMode"] = "Mode kehadiran",
        ["batchId"] = "Angkatan (id)",
        ["birthDate"] = "Tanggal lahir",
        ["capacity"] = "Kapasitas",
        ["category"] = "Kategori",
        ["checkInAt"] = "Waktu hadir (UTC)",
        ["code"] = "Kode",
        ["displayName"] = "Nama di rapat daring",
        ["email"] = "Email",
        ["employer"] = "Instansi",
        ["endDate"] = "Tanggal selesai",
        ["expertiseField"] = "Bidang keahlian",
        ["fullName"] = "Nama lengkap",
        ["gender"] = "Jenis kelamin",
        ["inserted"] = "Baris baru",
        ["institutionId"] = "Lembaga (id)",
        ["isDisabled"] = "Nonaktif",
        ["kind"] = "Jenis",
        ["licenseNumber"] = "Nomor lisensi",
        ["mode"] = "Mode",
        ["mustChangePassword"] = "Wajib ganti kata sandi",
        ["name"] = "Nama",
        ["nik"] = "NIK",
        ["number"] = "Nomor",
        ["partial"] = "Parsial",
        ["participantId"] = "Peserta (id)",
        ["phone"] = "No. HP",
        ["postTest"] = "Nilai post-test",
        ["postTestScore"] = "Nilai post-test",
        ["preTest"] = "Nilai pre-test",
        ["preTestScore"] = "Nilai pre-test",
        ["provinceCode"] = "Kode provinsi",
        ["reason"] = "Alasan",
        ["registrationId"] = "Keikutsertaan (id)",
        ["rejected"] = "Baris ditolak",
        ["required"] = "Wajib",
        ["revocationReason"] = "Alasan pencabutan",
        ["revokedAt"] = "Dicabut (UTC)",
        ["revokedBy"] = "Dicabut oleh",
        ["role"] = "Peran",
        ["rows"] = "Baris",
        ["session"] = "Sesi",
        ["source"] = "Sumber",
        ["startDate"] = "Tanggal mulai",
        ["status"] = "Status",
        ["twoFactor"] = "Verifikasi dua langkah",
        ["type"] = "Jenis",
        ["unchanged"] = "Baris tidak berubah",
        ["updated"] = "Baris diperbarui",
        ["updatedAt"] = "Diubah (UTC)",
        ["uploadId"] = "Unggahan (id)",
        ["venue"] = "Tempat",
        ["year"] = "Tahun",
    };

    public static string Action(string code) => Actions.GetValueOrDefault(code, code);

    public static string Entity(string code) => Entities.GetValueOrDefault(code, code);

    /// <summary>A field's Indonesian name; a column name of the change log (full_name) is looked up as its property (fullName).</summary>
    public static string Field(string key) =>
        Fields.TryGetValue(key, out var name) || Fields.TryGetValue(SnakeToCamel(key), out name) ? name : key;

    private static string SnakeToCamel(string key)
    {
        var parts = key.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
