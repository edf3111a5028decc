using K3Competency.Application.Certificates;
using K3Competency.Application.Mail;

namespace K3Competency.Application.Deliveries;

/// <summary>The certificate e-mail (DESIGN §11): a short letter in Bahasa Indonesia with the certificate PDF attached.</summary>
public static class CertificateMail
{
    public static MailContent Content(CertificateDocument doc, string verificationUrl)
    {
        var paragraphs = new List<string>
        {
            $"Terima kasih telah mengikuti {doc.ProgrammeName} angkatan ke-{doc.BatchNumber} " +
            $"({CertificatePdf.DateRange(doc.BatchStartDate, doc.BatchEndDate)}). Anda dinyatakan lulus, dan sertifikat Anda " +
            $"dengan nomor {doc.Number} kami lampirkan pada e-mail ini dalam bentuk PDF.",
        };
        if (doc.HighPerforming)
        {
            paragraphs.Add("Selamat, Anda meraih predikat Berkinerja Tinggi.");
        }
        paragraphs.Add($"Siapa pun yang menerima sertifikat ini dapat memeriksa keasliannya melalui tautan di bawah, atau dengan " +
                       $"memasukkan kode verifikasi {VerificationCode.Format(doc.VerificationCode)} di halaman verifikasi K3Competency.");
        return new MailContent(
            $"Sertifikat {doc.ProgrammeName} angkatan ke-{doc.BatchNumber} – {doc.Number}",
            $"Yth. {doc.ParticipantName},",
            paragraphs,
            new MailLink("Periksa keaslian sertifikat", verificationUrl),
            ["Hormat kami,", doc.Organizer, "Kementerian Ketenagakerjaan Republik Indonesia"]);
    }

    /// <summary>The mail with the certificate rendered by the one PDF renderer, as the download gets it.</summary>
    public static OutgoingMail For(CertificateDocument doc, string email, string verificationUrl) =>
        new(email, doc.ParticipantName, Content(doc, verificationUrl),
            [new MailAttachment(doc.FileName, "application/pdf", CertificatePdf.Render(doc, verificationUrl))]);
}
