namespace K3Competency.Domain;

// Stored and exchanged as upper-snake codes through Codes (AhliK3 ↔ AHLI_K3).

public enum BatchMode { Luring, Daring, Hybrid }

public enum BatchStatus { Planned, RegistrationOpen, Running, Finished }

public enum AttendanceMode { Luring, Daring }

public enum InstitutionType { LembagaPelatihan, Pjk3, Asosiasi, Direktorat }

public enum ParticipantCategory { AhliK3, Pengawas, StafDirektorat, AnggotaAlpk3i }

public enum AttendanceStatus { Hadir, Terlambat, Izin, Alpa }

public enum Gender { L, P }

public enum UploadKind { Registrations, Attendance, Results, MeetingReport }

/// <summary>Where an attendance row came from (DESIGN §10): a §6 file, an online-meeting report, the venue check-in, a hand correction.</summary>
public enum AttendanceSource { Import, MeetingReport, CheckIn, Correction }

/// <summary>A certificate e-mail's state (DESIGN §11); the API spells it in lower case (queued, sent, failed).</summary>
public enum DeliveryStatus { Queued, Sent, Failed }
/// <summary>Images an Admin uploads for the printed certificate: the one logo, and a signature per programme.</summary>
public enum DocumentImageKind { Logo, Signature }

public static class DisplayNames
{
    public static string Of(BatchMode mode) => mode switch
    {
        BatchMode.Luring => "Luring",
        BatchMode.Daring => "Daring",
        _ => "Hybrid",
    };

    public static string Of(BatchStatus status) => status switch
    {
        BatchStatus.Planned => "Direncanakan",
        BatchStatus.RegistrationOpen => "Pendaftaran dibuka",
        BatchStatus.Running => "Berjalan",
        _ => "Selesai",
    };

    public static string Of(InstitutionType type) => type switch
    {
        InstitutionType.LembagaPelatihan => "Lembaga Pelatihan",
        InstitutionType.Pjk3 => "PJK3",
        InstitutionType.Asosiasi => "Asosiasi",
        _ => "Direktorat",
    };

    public static string Of(ParticipantCategory category) => category switch
    {
        ParticipantCategory.AhliK3 => "Ahli K3",
        ParticipantCategory.Pengawas => "Pengawas Ketenagakerjaan",
        ParticipantCategory.StafDirektorat => "Staf Direktorat",
        _ => "Anggota ALPK3I",
    };

    public static string Of(AttendanceStatus status) => status switch
    {
        AttendanceStatus.Hadir => "Hadir",
        AttendanceStatus.Terlambat => "Terlambat",
        AttendanceStatus.Izin => "Izin",
        _ => "Alpa",
    };

    public static string Of(AttendanceSource source) => source switch
    {
        AttendanceSource.Import => "Unggahan berkas",
        AttendanceSource.MeetingReport => "Laporan rapat daring",
        AttendanceSource.CheckIn => "Presensi QR",
        _ => "Koreksi manual",
    };

    public static string Of(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Queued => "Dalam antrean",
        DeliveryStatus.Sent => "Terkirim",
        _ => "Gagal",
    };

    public static string Of(Gender gender) => gender == Gender.L ? "Laki-laki" : "Perempuan";
}
