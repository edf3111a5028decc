using K3Competency.Application.Certificates;
using K3Competency.Application.Registrations;

namespace K3Competency.Web.Pages.Certificates;

/// <summary>
/// The model of _BatchCertificates: one page of a batch's certificates, the search it answers, the link of each sortable
/// column, whether the batch holds any valid certificate (to send or download), and the batch its issue button posts for.
/// </summary>
public sealed record BatchCertificates(int BatchId, Paged<CertificateListItem> Page, string? Query, Func<string, string> SortUrl, bool AnyLive);
