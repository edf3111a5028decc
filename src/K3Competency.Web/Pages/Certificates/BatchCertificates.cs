using K3Competency.Application.Certificates;

namespace K3Competency.Web.Pages.Certificates;

/// <summary>The model of _BatchCertificates: a batch's certificates and the batch its issue button posts for.</summary>
public sealed record BatchCertificates(int BatchId, IReadOnlyList<CertificateListItem> Items);
