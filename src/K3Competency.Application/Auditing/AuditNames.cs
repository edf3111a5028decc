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
        ["batchId"] = "Angkatan (id)",
        ["capacity"] = "Kapasitas",
        ["category"] = "Kategori",
        ["checkInAt"] = "Waktu hadir (UTC)",
        ["code"] = "Kode",
        ["displayName"] = "Nama di rapat daring",
        ["email"] = "Email",
        ["endDate"] = "Tanggal selesai",
        ["expertiseField"] = "Bidang keahlian",
        ["fullName"] = "Nama lengkap",
        ["inserted"] = "Baris baru",
        ["institutionId"] = "Lembaga (id)",
        ["isDisabled"] = "Nonaktif",
        ["kind"] = "Jenis",
        ["mode"] = "Mode",
        ["mustChangePassword"] = "Wajib ganti kata sandi",
        ["name"] = "Nama",
        ["nik"] = "NIK",
        ["number"] = "Nomor",
        ["participantId"] = "Peserta (id)",
        ["partial"] = "Parsial",
        ["postTest"] = "Nilai post-test",
        ["preTest"] = "Nilai pre-test",
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
        ["startDate"] = "Tanggal mulai",
        ["status"] = "Status",
        ["twoFactor"] = "Verifikasi dua langkah",
        ["type"] = "Jenis",
        ["unchanged"] = "Baris tidak berubah",
        ["updated"] = "Baris diperbarui",
        ["uploadId"] = "Unggahan (id)",
        ["venue"] = "Tempat",
        ["year"] = "Tahun",
    };

    public static string Action(string code) => Actions.GetValueOrDefault(code, code);

    public static string Entity(string code) => Entities.GetValueOrDefault(code, code);

    public static string Field(string key) => Fields.GetValueOrDefault(key, key);
}
