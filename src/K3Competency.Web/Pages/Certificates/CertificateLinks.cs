using System.Text;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;

namespace K3Competency.Web.Pages.Certificates;

/// <summary>The public verification address a certificate carries, and the shared display of its dates.</summary>
public static class CertificateLinks
{
    /// <summary>The absolute URL printed as the QR code (see <see cref="PublicLinks"/>).</summary>
    public static string VerificationUrl(HttpRequest request, string code) =>
        Application.Certificates.VerificationUrl.For(PublicLinks.Root(request), code);

    /// <summary>An &lt;img&gt; source the strict CSP allows (img-src data:), vector so it prints sharp.</summary>
    public static string QrDataUri(string url) =>
        "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(CertificateQr.Svg(url)));

    /// <summary>A PNG (the certificate's logo or signature) as an &lt;img&gt; source the CSP allows.</summary>
    public static string PngDataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    /// <summary>The day of issue in WIB (DESIGN §5.6): Senin, 20 November 2023.</summary>
    public static string IssueDate(DateTime utc) =>
        Formats.LongDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Formats.Wib)));

    /// <summary>16/11/2023 – 17/11/2023, or one date for a one-day batch.</summary>
    public static string BatchDates(DateOnly start, DateOnly end) =>
        start == end ? Formats.Date(start) : $"{Formats.Date(start)} – {Formats.Date(end)}";
}
