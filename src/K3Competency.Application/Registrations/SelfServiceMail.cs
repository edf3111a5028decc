using K3Competency.Application.Mail;
using K3Competency.Domain;

namespace K3Competency.Application.Registrations;

/// <summary>The mails of self-service (DESIGN §10.4, §10.5): what happened to an application, and the participant's links.</summary>
public static class SelfServiceMail
{
    private static readonly string[] Signature = ["Hormat kami,", "Direktorat Bina Kelembagaan K3", "Kementerian Ketenagakerjaan Republik Indonesia"];

    private static string Batch(PublicBatch b) =>
        $"{b.ProgrammeName} angkatan ke-{b.Number} ({Formats.Date(b.StartDate)}–{Formats.Date(b.EndDate)})";

    public static MailContent Pending(PublicBatch batch, string name) => new(
        $"Pendaftaran {batch.ProgrammeName} angkatan ke-{batch.Number}: terdaftar, menunggu verifikasi",
        $"Yth. {name},",
        [$"Anda terdaftar, menunggu verifikasi, pada {Batch(batch)}.",
         "Staf Direktorat akan memeriksa pendaftaran Anda; hasilnya (diterima atau ditolak) kami kirim ke alamat e-mail ini."],
        null, Signature);

    public static MailContent AlreadyRegistered(PublicBatch batch, string name) => new(
        $"Pendaftaran {batch.ProgrammeName} angkatan ke-{batch.Number}: NIK sudah terdaftar",
        $"Yth. {name},",
        [$"NIK ini sudah terdaftar pada angkatan ini ({Batch(batch)}); pendaftaran baru tidak dibuat.",
         "Jika Anda tidak merasa mendaftar, abaikan e-mail ini. Status pendaftaran dapat Anda lihat di halaman Saya (/saya)."],
        null, Signature);

    public static MailContent Approved(PublicBatch batch, string name, string pageUrl) => new(
        $"Pendaftaran {batch.ProgrammeName} angkatan ke-{batch.Number}: diterima",
        $"Yth. {name},",
        [$"Pendaftaran Anda pada {Batch(batch)} diterima.",
         "Informasi kegiatan, kehadiran dan sertifikat Anda dapat dilihat di halaman Saya."],
        new MailLink("Buka halaman Saya", pageUrl), Signature);

    public static MailContent Rejected(PublicBatch batch, string name, string reason) => new(
        $"Pendaftaran {batch.ProgrammeName} angkatan ke-{batch.Number}: ditolak",
        $"Yth. {name},",
        [$"Mohon maaf, pendaftaran Anda pada {Batch(batch)} ditolak.", $"Alasan: {reason}"],
        null, Signature);

    public static MailContent SignIn(string name, string url, int minutes) => new(
        "Tautan masuk ke halaman Saya K3Competency",
        $"Yth. {name},",
        [$"Gunakan tautan di bawah untuk masuk ke halaman Saya. Tautan hanya berlaku satu kali selama {minutes} menit.",
         "Jika Anda tidak meminta tautan ini, abaikan e-mail ini."],
        new MailLink("Masuk ke halaman Saya", url), Signature);

    public static MailContent ConfirmEmail(string name, string url, int minutes) => new(
        "Konfirmasi alamat e-mail baru K3Competency",
        $"Yth. {name},",
        [$"Alamat ini diminta menjadi alamat e-mail Anda di K3Competency. Konfirmasi dengan tautan di bawah (berlaku satu kali selama {minutes} menit).",
         "Jika Anda tidak memintanya, abaikan e-mail ini; alamat tidak berubah."],
        new MailLink("Konfirmasi alamat e-mail", url), Signature);
}
